import { DomainError, ValidationError } from '../core/errors.ts';
import { BrokenPayload } from './metadata.ts';
import { escapeMrkdwn } from './mrkdwn.ts';

/** What the one error handler says about anything unexpected (see unexpected-error.ts). */
export const SOMETHING_WENT_WRONG = 'Something went wrong on our side; it was logged. Please try again.';

/**
 * What to tell a person instead of an answer (plain text): a service's refusal in its own words,
 * `broken` for a payload that can't be read (BrokenPayload) — or undefined for anything else,
 * which is unexpected: the answer helpers rethrow it to the app's one error handler.
 */
export function refusalMessage(error: unknown, broken?: string): string | undefined {
  if (error instanceof ValidationError) return Object.values(error.fields).join(' ');
  if (error instanceof DomainError) return error.message;
  if (error instanceof BrokenPayload && broken !== undefined) return broken;
  return undefined;
}

/** The same, escaped for a mrkdwn message. */
export function refusalText(error: unknown, broken?: string): string | undefined {
  const message = refusalMessage(error, broken);
  return message === undefined ? undefined : escapeMrkdwn(message);
}
