import { DomainError, ValidationError } from '../core/errors.ts';
import { newId } from '../core/logger.ts';
import { databaseTrouble } from '../db/errors.ts';
import { BrokenPayload } from './metadata.ts';
import { escapeMrkdwn } from './mrkdwn.ts';
import { currentRequest } from './request-context.ts';

/**
 * What the person is told about anything unexpected (the one error handler, unexpected-error.ts,
 * and the answer helpers that must say it in their ack), with the reference its log line carries:
 * the request's id. The database out of reach, or a lock wait or statement that ran out of time,
 * is said in those words — trying again helps — rather than as our fault.
 */
export function somethingWentWrong(error: unknown, ref = currentRequest()?.requestId ?? newId()): string {
  const request = currentRequest();
  if (request) request.outcome = 'error';
  switch (databaseTrouble(error)) {
    case 'unreachable':
      return `Switchboard can't reach its database right now; try again in a minute (ref ${ref}).`;
    case 'busy':
      return `Switchboard is busy with this right now (someone may be changing the same thing); try again in a moment (ref ${ref}).`;
    default:
      return `Something went wrong on our side (ref ${ref}); it was logged. Please try again.`;
  }
}

/**
 * What to tell a person instead of an answer (plain text): a service's refusal in its own words,
 * `broken` for a payload that can't be read (BrokenPayload) — or undefined for anything else,
 * which is unexpected: the answer helpers rethrow it to the app's one error handler.
 */
export function refusalMessage(error: unknown, broken?: string): string | undefined {
  const message = messageOf(error, broken);
  const request = currentRequest();
  if (message !== undefined && request) request.outcome = 'refused';
  return message;
}

function messageOf(error: unknown, broken?: string): string | undefined {
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
