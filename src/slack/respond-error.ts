import { DomainError, ValidationError } from '../domain/errors.ts';
import { escapeMrkdwn } from './mrkdwn.ts';

/**
 * The text to show a person for a refusal from a service, or undefined for an unexpected error
 * (which the caller rethrows, for Bolt to log).
 */
export function refusalText(error: unknown): string | undefined {
  if (error instanceof ValidationError) return escapeMrkdwn(Object.values(error.fields).join(' '));
  if (error instanceof DomainError) return escapeMrkdwn(error.message);
  return undefined;
}
