import { describe, expect, it } from 'vitest';
import { retryAfterOf, retryWaitSeconds } from '../../../src/features/invitations/courier.rules.ts';

describe('how long a failed delivery waits', () => {
  it('doubles from 10 seconds, up to an hour', () => {
    expect([1, 2, 3, 9, 10, 20].map((attempts) => retryWaitSeconds(attempts, new Error('down')))).toEqual([
      10, 20, 40, 2560, 3600, 3600,
    ]);
  });

  it("waits at least as long as Slack's Retry-After, and reads it only when it is a number", () => {
    expect(retryWaitSeconds(1, { retryAfterSeconds: 120 })).toBe(120);
    expect(retryWaitSeconds(3, { retryAfterSeconds: 5 })).toBe(40);
    expect([retryAfterOf({ retryAfterSeconds: '120' }), retryAfterOf(null), retryAfterOf(undefined)]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});
