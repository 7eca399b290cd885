import type { FieldErrors } from '../core/errors.ts';
import { fit } from './fit.ts';

/** The longest error message Slack shows on a field (response_action: errors). */
const SUBMISSION_ERROR_LIMIT = 2000;

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
  // Slack refuses a longer message (and then shows nothing): cut, whatever a message quotes.
  for (const block of Object.keys(errors)) errors[block] = fit(errors[block]!, SUBMISSION_ERROR_LIMIT);
  return errors;
}
