import { z } from 'zod';
import type { FieldErrors } from '../../core/errors.ts';
import { emailSchema, nameSchema, validatePassword, type Checked } from '../../core/users.rules.ts';

/**
 * How an invitation stands: listed but waiting for a license (nothing goes out until the person
 * holds one), sent, then accepted, declined, revoked or expired. The same words as the database's
 * `invitation_status` (test/core/domain-words.test.ts).
 */
export const INVITATION_STATUSES = ['waiting_license', 'sent', 'accepted', 'declined', 'revoked', 'expired'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/**
 * How an invitation file stands between the dry run and Import / Cancel: previewed (staged), then
 * importing, imported, cancelled or failed. The database's `import_status`.
 */
export const IMPORT_STATUSES = ['previewed', 'importing', 'imported', 'cancelled', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** At most this many people per /inviteusers modal; a CSV file is for more. */
export const MAX_INVITE_ROWS = 10;

interface InviteRequestRow {
  email: string;
  license: boolean;
}

/** Whom an email already belongs to: a user, or someone invited who has not joined yet. */
type KnownPerson = 'user' | 'invited';

interface InviteRowsCheck {
  /** The people to invite: each email once, lower-cased, with its license. */
  rows: InviteRequestRow[];
  /**
   * Seats the rows with License on need: the new people's, and those of rows whose email is
   * mistyped (they are people to invite once it is fixed), so a seat shortage shows at once.
   */
  seatsWanted: number;
  /** Every problem at once, keyed by row (`row<i>`). */
  errors: FieldErrors;
}

/**
 * Checks the rows of an /inviteusers modal: blank rows are skipped, every other row must be an
 * email, no email twice, and none that already is a user or invited (`known`, by lower-case
 * email). Every problem is reported at once, keyed by its row (`row<i>`).
 */
export function checkInviteRows(
  rows: { email: string; license: boolean }[],
  known: ReadonlyMap<string, KnownPerson> = new Map(),
): InviteRowsCheck {
  const errors: FieldErrors = {};
  const valid: InviteRequestRow[] = [];
  const seen = new Set<string>();
  let seatsWanted = 0;
  rows.forEach((row, index) => {
    if (!row.email.trim()) return;
    const key = `row${index}`;
    const email = emailSchema.safeParse(row.email);
    if (!email.success) {
      errors[key] = email.error.issues[0]!.message;
      if (row.license) seatsWanted += 1;
      return;
    }
    if (seen.has(email.data)) {
      errors[key] = `${email.data} is on an earlier row already.`;
      return;
    }
    seen.add(email.data);
    const person = known.get(email.data);
    if (person) {
      errors[key] =
        `${email.data} ${person === 'invited' ? 'is invited already' : 'already is a user'}; find them with /users.`;
      return;
    }
    valid.push({ email: email.data, license: row.license });
    if (row.license) seatsWanted += 1;
  });
  if (!valid.length && !Object.keys(errors).length) errors.row0 = 'Enter the email of at least one person to invite.';
  return { rows: valid, seatsWanted, errors };
}

/** The same, for the rows alone (no one known yet): the people to invite, or what is wrong. */
export function validateInviteRows(rows: { email: string; license: boolean }[]): Checked<InviteRequestRow[]> {
  const checked = checkInviteRows(rows);
  return Object.keys(checked.errors).length ? { ok: false, errors: checked.errors } : { ok: true, value: checked.rows };
}

interface InviteeDetails {
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
