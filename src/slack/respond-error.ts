import { DomainError, ValidationError } from '../core/errors.ts';
import { escapeMrkdwn } from './mrkdwn.ts';

/**
 * What to tell a person about a refusal from a service (plain text), or undefined for an
 * unexpected error, which the caller rethrows for Bolt to log.
 */
export function refusalMessage(error: unknown): string | undefined {
  if (error instanceof ValidationError) return Object.values(error.fields).join(' ');
  if (error instanceof DomainError) return error.message;
  return undefined;
}

/** The same, escaped for a mrkdwn message. */
export function refusalText(error: unknown): string | undefined {
  const message = refusalMessage(error);
  return message === undefined ? undefined : escapeMrkdwn(message);
}
