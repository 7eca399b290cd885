import { z } from 'zod';
import type { FieldErrors } from './errors.ts';
import { emailSchema, nameSchema, validatePassword, type Checked } from './users.ts';

/** At most this many people per /inviteusers modal; a CSV file is for more. */
export const MAX_INVITE_ROWS = 10;

export interface InviteRequestRow {
  email: string;
  license: boolean;
}

/**
 * Checks the rows of an /inviteusers modal: blank rows are skipped, every other row must be an email,
 * and no email twice. Errors are keyed by row index (`row<i>`).
 */
export function validateInviteRows(rows: { email: string; license: boolean }[]): Checked<InviteRequestRow[]> {
  const errors: FieldErrors = {};
  const valid: InviteRequestRow[] = [];
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    if (!row.email.trim()) return;
    const email = emailSchema.safeParse(row.email);
    if (!email.success) errors[`row${index}`] = email.error.issues[0]!.message;
    else if (seen.has(email.data)) errors[`row${index}`] = `${email.data} is on an earlier row already.`;
    else {
      seen.add(email.data);
      valid.push({ email: email.data, license: row.license });
    }
  });
  if (Object.keys(errors).length) return { ok: false, errors };
  if (!valid.length) return { ok: false, errors: { row0: 'Enter the email of at least one person to invite.' } };
  return { ok: true, value: valid };
}

export interface InviteeDetails {
  firstName: string;
  lastName: string;
  password: string;
}

const detailsSchema = z.object({ firstName: nameSchema('first name'), lastName: nameSchema('last name') });

/** Checks what an invited person types on the invitation page: their name and a password, twice. */
export function validateInviteeDetails(form: {
  firstName: string;
  lastName: string;
  password: string;
  passwordConfirmation: string;
}): Checked<InviteeDetails> {
  const errors: FieldErrors = {};
  const names = detailsSchema.safeParse(form);
  if (!names.success) for (const issue of names.error.issues) errors[String(issue.path[0])] ??= issue.message;
  const password = validatePassword(form.password, form.passwordConfirmation);
  if (!password.ok) Object.assign(errors, password.errors);
  if (!names.success || !password.ok) return { ok: false, errors };
  return { ok: true, value: { ...names.data, password: password.value } };
}
