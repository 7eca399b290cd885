/**
 * A courier's claim on a due invitation or set-password link lasts this long: no other run or
 * instance takes it while this one asks Slack and sends the email. Should the process die
 * meanwhile, it is due again after it.
 */
export const CLAIM_SECONDS = 300;

const MAX_BACKOFF_SECONDS = 3600;

/** Seconds Slack asked us to wait (a 429's Retry-After), when the error says so. */
export function retryAfterOf(error: unknown): number | undefined {
  const seconds = (error as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
  return typeof seconds === 'number' ? seconds : undefined;
}

/** How long a failed delivery waits before its next attempt: doubling up to an hour, and at least Slack's Retry-After. */
export function retryWaitSeconds(attempts: number, error: unknown): number {
  return Math.max(retryAfterOf(error) ?? 0, Math.min(MAX_BACKOFF_SECONDS, 2 ** attempts * 5));
}
