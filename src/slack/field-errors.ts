import type { FieldErrors } from '../core/errors.ts';

/**
 * Maps a service's field errors to a modal's block ids for `response_action: errors`. Slack
 * rejects errors for blocks the view lacks, so an unknown field's message goes to `fallback`.
 */
export function fieldErrorsToBlocks(
  fields: FieldErrors,
  blockIds: Readonly<Record<string, string>>,
  fallback: string,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(fields)) {
    const block = blockIds[field] ?? fallback;
    errors[block] = errors[block] ? `${errors[block]} ${message}` : message;
  }
  return errors;
}
