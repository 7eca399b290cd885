import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkInviteRows,
  validateInviteeDetails,
  validateInviteRows,
} from '../../../src/features/invitations/invitations.rules.ts';

describe('the rows of /inviteusers', () => {
  it('skips blank rows, lower-cases emails and keeps each license', () => {
    expect(
      validateInviteRows([
        { email: ' Ada@Example.com ', license: true },
        { email: '', license: true },
        { email: 'bob@example.com', license: false },
      ]),
    ).toEqual({
      ok: true,
      value: [
        { email: 'ada@example.com', license: true },
        { email: 'bob@example.com', license: false },
      ],
    });
  });

  it('reports every problem at once, and counts the seats the rows with License on need', () => {
    const known = new Map([
      ['user@example.com', 'user' as const],
      ['asked@example.com', 'invited' as const],
    ]);
    expect(
      checkInviteRows(
        [
          { email: 'typo', license: true },
          { email: 'new@example.com', license: true },
          { email: 'NEW@example.com', license: true },
          { email: 'User@Example.com', license: true },
          { email: 'asked@example.com', license: false },
          { email: 'off@example.com', license: false },
        ],
        known,
      ),
    ).toEqual({
      rows: [
        { email: 'new@example.com', license: true },
        { email: 'off@example.com', license: false },
      ],
      seatsWanted: 2,
      errors: {
        row0: 'Enter an email address such as name@example.com.',
        row2: 'new@example.com is on an earlier row already.',
        row3: 'user@example.com already is a user; find them with /users.',
        row4: 'asked@example.com is invited already; find them with /users.',
      },
    });
  });

  it('never lets an email through twice, and keys each error by its row', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            email: fc.oneof(fc.emailAddress(), fc.constantFrom('', 'x', 'a@b.co', 'A@B.co')),
            license: fc.boolean(),
          }),
          { maxLength: 10 },
        ),
        (rows) => {
          const result = validateInviteRows(rows);
          if (result.ok) {
            const emails = result.value.map((row) => row.email);
            expect(new Set(emails).size).toBe(emails.length);
            expect(emails.length).toBeGreaterThan(0);
          } else {
            for (const key of Object.keys(result.errors)) expect(key).toMatch(/^row\d$/);
          }
        },
      ),
    );
  });
});

describe('what an invited person types on the invitation page', () => {
  it.each([
    [
      { firstName: '', lastName: 'L', password: 'secret1', passwordConfirmation: 'secret1' },
      { firstName: 'Enter the first name.' },
    ],
    [
      { firstName: 'F', lastName: 'L', password: '12345', passwordConfirmation: '12345' },
      { password: 'The password needs at least 6 characters.' },
    ],
    [
      { firstName: 'F', lastName: 'L', password: 'secret1', passwordConfirmation: 'secret2' },
      { passwordConfirmation: 'The two passwords are not the same; type the password again.' },
    ],
  ])('refuses %j, saying what is wrong', (form, errors) => {
    expect(validateInviteeDetails(form)).toEqual({ ok: false, errors });
  });

  it('accepts a name and a password typed twice', () => {
    expect(
      validateInviteeDetails({
        firstName: ' Nina ',
        lastName: 'New',
        password: 'secret1',
        passwordConfirmation: 'secret1',
      }),
    ).toEqual({
      ok: true,
      value: { firstName: 'Nina', lastName: 'New', password: 'secret1' },
    });
  });
});
