import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toE164 } from '../../src/core/phone.rules.ts';
import { validateNewUser, type NewUserForm } from '../../src/core/users.rules.ts';
import { escapeMrkdwn } from '../../src/slack/mrkdwn.ts';

const form = (changes: Partial<NewUserForm> = {}): NewUserForm => ({
  email: 'ada@example.com',
  passwordChoice: 'type',
  password: 'secret1',
  passwordConfirmation: 'secret1',
  firstName: 'Ada',
  lastName: 'Lovelace',
  organizationId: '6f1c1f2e-8a7b-4c2d-9e0f-1a2b3c4d5e6f',
  privileges: { active: true, admin: false, portalAccess: false },
  ...changes,
});

describe('phone numbers', () => {
  it.each([
    ['+1 415 555 0100', 'US', '+14155550100'],
    ['(415) 555-0100', 'US', '+14155550100'],
    ['030 901820', 'DE', '+4930901820'],
    ['+44 20 7946 0958', 'US', '+442079460958'],
  ])('reads %s (default %s) as %s', (typed, region, e164) => {
    expect(toE164(typed, region)).toEqual({ ok: true, e164 });
  });

  it.each(['12', 'call me', '+1 555', '+999 123456789', ''])('refuses %j with a message naming the format', (typed) => {
    const result = toE164(typed, 'US');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('international format');
  });

  it('gives E.164 for anything it accepts, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (typed) => {
        const result = toE164(typed, 'US');
        if (result.ok) expect(result.e164).toMatch(/^\+[1-9]\d{6,14}$/);
      }),
    );
  });
});

describe('new user form', () => {
  it('normalizes a valid form: lower-case email, trimmed names, blanks dropped', () => {
    const result = validateNewUser(
      form({ email: ' Ada@Example.COM ', firstName: ' Ada ', title: '  ', officePhone: '' }),
      'US',
    );
    expect(result).toMatchObject({
      ok: true,
      value: { email: 'ada@example.com', firstName: 'Ada', title: null, officePhone: null },
    });
  });

  it('accepts a password of exactly 6 characters and refuses 5', () => {
    expect(validateNewUser(form({ password: '123456', passwordConfirmation: '123456' }), 'US').ok).toBe(true);
    expect(validateNewUser(form({ password: '12345', passwordConfirmation: '12345' }), 'US')).toMatchObject({
      ok: false,
      errors: { password: expect.stringContaining('at least 6') },
    });
  });

  it('reports a too-long name and title', () => {
    const result = validateNewUser(form({ lastName: 'x'.repeat(101), title: 't'.repeat(101) }), 'US');
    expect(result).toMatchObject({ ok: false, errors: { lastName: expect.any(String), title: expect.any(String) } });
  });

  it('never accepts differing passwords, and never reports the password itself', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 6, maxLength: 40 }), fc.string({ minLength: 6, maxLength: 40 }), (a, b) => {
        fc.pre(a !== b);
        const result = validateNewUser(form({ password: a, passwordConfirmation: b }), 'US');
        expect(result.ok).toBe(false);
        if (!result.ok) expect(JSON.stringify(result.errors)).not.toContain(JSON.stringify(a).slice(1, -1));
      }),
    );
  });

  it('reports errors only for fields that exist in the form', () => {
    const fields = new Set(Object.keys(form()).concat(['title', 'officePhone', 'mobilePhone', 'faxPhone']));
    fc.assert(
      fc.property(
        fc.record({
          email: fc.string(),
          password: fc.string(),
          firstName: fc.string(),
          lastName: fc.string(),
          faxPhone: fc.string(),
          organizationId: fc.string(),
        }),
        (typed) => {
          const result = validateNewUser(form({ ...typed, passwordConfirmation: typed.password }), 'US');
          if (!result.ok) for (const field of Object.keys(result.errors)) expect(fields).toContain(field);
        },
      ),
    );
  });
});

describe('mrkdwn escaping', () => {
  it('leaves no way to form a mention, link or special command', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const escaped = escapeMrkdwn(text);
        expect(escaped).not.toMatch(/[<>]/);
        expect(escaped.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
      }),
    );
  });

  it('escapes the three characters Slack reserves', () => {
    expect(escapeMrkdwn('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
  });
});
