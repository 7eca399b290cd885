import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatOptionalPhone, formatPhone, toE164 } from '../../src/core/phone.rules.ts';

describe('phone numbers as people read them', () => {
  it.each([
    ['+49301234500', '+49 30 1234500'],
    ['+14155550100', '+1 415 555 0100'],
    ['+442079460958', '+44 20 7946 0958'],
  ])('shows %s as %s', (e164, shown) => {
    expect(formatPhone(e164)).toBe(shown);
  });

  it('shows what it cannot read as stored', () => {
    expect(formatPhone('not a number')).toBe('not a number');
    expect(formatOptionalPhone(null)).toBeNull();
    expect(formatOptionalPhone('')).toBeNull();
  });

  it('reads every number it shows back to the same E.164, in any region', () => {
    const samples = ['+49301234500', '+14155550100', '+442079460958', '+4930901820', '+33142685300', '+81312345678'];
    for (const e164 of samples) {
      for (const region of ['US', 'DE', 'GB']) expect(toE164(formatPhone(e164), region)).toEqual({ ok: true, e164 });
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (typed) => {
        const read = toE164(typed, 'US');
        if (read.ok) expect(toE164(formatPhone(read.e164), 'DE')).toEqual(read);
      }),
    );
  });
});
