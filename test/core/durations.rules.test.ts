import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeMinutes, parseDuration } from '../../src/core/durations.rules.ts';
import { readDurationAndReason } from '../../src/features/approvals/admin-rights.slack.ts';

describe('durations', () => {
  it.each([
    ['8 hours', 480],
    ['8h', 480],
    ['90 min', 90],
    ['7 days', 10080],
    ['2 weeks', 20160],
    ['1 Day', 1440],
  ])('reads %s as %i minutes', (text, minutes) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: minutes });
  });

  it.each([
    ['0 hours', '“0 hours” is too short.'],
    ['53 weeks', '“53 weeks” is too long.'],
    ['-1 day', '“-1 day” is not a duration.'],
    ['1.5 hours', '“1.5 hours” is not a duration.'],
  ])('says what is wrong with %j', (text, problem) => {
    const result = parseDuration(text);
    expect(!result.ok && result.errors.duration).toContain(problem);
  });

  it.each(['', 'soon', '0 hours', '-1 day', '8 parsecs', '2 years', '1.5 hours'])('refuses %j clearly', (text) => {
    const result = parseDuration(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.duration).toContain('Write it like 8 hours');
  });

  it('describes what it read in words that read back the same', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 * 24 * 365 }), (minutes) => {
        const words = describeMinutes(minutes);
        expect(words).toMatch(/^\d+ (day|hour|minute)/);
      }),
    );
    expect(describeMinutes(1560)).toBe('1 day 2 hours');
  });

  it('takes "for <duration>" off the front of a command and leaves the reason', () => {
    expect(readDurationAndReason('for 8 hours on call this week'.split(' '))).toEqual({
      duration: '8 hours',
      reason: 'on call this week',
    });
    expect(readDurationAndReason('for 8h on call'.split(' '))).toEqual({ duration: '8h', reason: 'on call' });
    expect(readDurationAndReason('on call'.split(' '))).toEqual({ reason: 'on call' });
    expect(readDurationAndReason('for ever and ever'.split(' '))).toEqual({ duration: 'ever and', reason: 'ever' });
  });
});
