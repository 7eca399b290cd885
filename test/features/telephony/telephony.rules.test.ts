import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkPorts,
  formatEuros,
  monthlyDeviceFeeCents,
  normalizeMac,
} from '../../../src/features/telephony/devices.rules.ts';
import { MAX_RANGE, readNumberList, readNumbers } from '../../../src/features/telephony/number-pool.rules.ts';

describe('MAC addresses', () => {
  it.each(['00:1a:2b:3c:4d:5e', '00-1A-2B-3C-4D-5E', '001a.2b3c.4d5e', '001A2B3C4D5E', ' 00:1A:2B:3C:4D:5E '])(
    'reads %j as 00:1A:2B:3C:4D:5E',
    (typed) => {
      expect(normalizeMac(typed)).toEqual({ ok: true, value: '00:1A:2B:3C:4D:5E' });
    },
  );

  it.each([
    ['00:1A:2B:3C:4D', 'is not a MAC address'],
    ['00:1A:2B:3C:4D:5G', 'is not a MAC address'],
    ['00:1A-2B:3C:4D:5E', 'is not a MAC address'],
    ['00:00:00:00:00:00', 'is not a device’s MAC address'],
    ['FF:FF:FF:FF:FF:FF', 'is not a device’s MAC address'],
    ['01:00:5E:00:00:01', 'is a multicast address'],
  ])('refuses %j, saying why', (typed, why) => {
    const result = normalizeMac(typed);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.mac).toContain(why);
  });

  it('normalizes to one form, whatever the separator, and the form reads back as itself', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 6, maxLength: 6 }), fc.constantFrom(':', '-', ''), (bytes, separator) => {
        bytes[0] = bytes[0]! & 0xfe; // unicast
        const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0'));
        const result = normalizeMac(hex.join(separator));
        if (hex.join('') === '000000000000') return;
        expect(result.ok).toBe(true);
        if (result.ok) expect(normalizeMac(result.value)).toEqual(result);
      }),
    );
  });
});

describe('numbers for a pool', () => {
  it('reads one number in E.164, or a range', () => {
    expect(readNumbers('+49 30 1234500', 'DE')).toEqual({ ok: true, value: ['+49301234500'] });
    const range = readNumbers('+49 30 1234500..+49 30 1234503', 'DE');
    expect(range).toEqual({ ok: true, value: ['+49301234500', '+49301234501', '+49301234502', '+49301234503'] });
  });

  it.each([
    ['12', 'is not a valid phone number'],
    ['+49 30 1234599..+49 30 1234500', 'does not'],
    ['+49 30 1234500..+49 30 12345000', 'does not'],
    ['+49 30 1230000..+49 30 1239999', `at most ${MAX_RANGE} numbers`],
    ['+49 30 1234500..+49 30 1234501..+49 30 1234502', 'Give one number, or a range'],
  ])('refuses %j, saying why', (typed, why) => {
    const result = readNumbers(typed, 'DE');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.number).toContain(why);
  });
});

describe('a file of numbers', () => {
  it('reads one number per line (first column), skipping a header and blank lines', () => {
    expect(readNumberList('\uFEFFnumber,note\r\n+49 30 1234500,desk\r\n\r\n"030 1234501"\n', 'DE')).toEqual({
      ok: true,
      value: ['+49301234500', '+49301234501'],
    });
  });

  it.each([
    ['+49 30 1234500\n12\nabc1\n', 'line 2: “12”, line 3: “abc1”'],
    ['number\n', 'The file has no numbers'],
    ['+49 30 1234500\n030 1234500\n', 'twice'],
  ])('refuses %j whole, saying why', (text, why) => {
    const result = readNumberList(text, 'DE');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.number).toContain(why);
  });
});

describe('device fees and ports', () => {
  it('charges each device beyond the second', () => {
    expect([1, 2, 3, 5].map((n) => monthlyDeviceFeeCents(n, 495))).toEqual([0, 0, 495, 1485]);
    expect(formatEuros(1485)).toBe('€14.85');
  });

  it('takes 1 to 64 ports, 1 when not given', () => {
    expect(checkPorts(undefined)).toEqual({ ok: true, value: 1 });
    expect(checkPorts('4')).toEqual({ ok: true, value: 4 });
    for (const bad of ['0', '65', 'two', '1.5']) expect(checkPorts(bad).ok).toBe(false);
  });
});
