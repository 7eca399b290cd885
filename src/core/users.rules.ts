import { z } from 'zod';
import type { FieldErrors } from './errors.ts';
import { toE164 } from './phone.rules.ts';
import type { Privileges } from './privileges.rules.ts';
import { cleanText, controlCharacterIn, hasVisibleCharacters, textField } from './text.rules.ts';

/** The limits of a user's fields: the forms' `max_length` (and the password's `min_length`) read these. */
export const MIN_PASSWORD_LENGTH = 6;
export const MAX_PASSWORD_LENGTH = 200;
export const MAX_NAME_LENGTH = 100;
export const MAX_TITLE_LENGTH = 100;
export const MAX_EMAIL_LENGTH = 254;

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** A user's details as typed in a form (the portal's "create user" or "edit user"). */
export interface ProfileForm {
  email: string;
  firstName: string;
  lastName: string;
  title?: string;
  officePhone?: string;
  mobilePhone?: string;
  faxPhone?: string;
  organizationId: string;
  privileges: Privileges;
}

/**
 * How a new user (or one whose password is reset) gets a password: a link to set it themselves on
 * the invitation page (the default: nothing is typed into Slack), or typed by the admin in the form
 * (Slack sees what is typed: its inputs are not masked, and the text passes through Slack).
 */
export const PASSWORD_CHOICES = ['link', 'type'] as const;
export type PasswordChoice = (typeof PASSWORD_CHOICES)[number];

/** The "create user" form: the details, how they get a password, and the password typed twice if typed. */
export interface NewUserForm extends ProfileForm {
  passwordChoice: PasswordChoice;
  password: string;
  passwordConfirmation: string;
}

/** Details after validation: email lower-cased, phone numbers in E.164, blanks dropped. */
export interface Profile {
  email: string;
  firstName: string;
  lastName: string;
  title: string | null;
  officePhone: string | null;
  mobilePhone: string | null;
  faxPhone: string | null;
  organizationId: string;
  privileges: Privileges;
}

interface NewUser extends Profile {
  /** The typed password; null when they are sent a link to set it. */
  password: string | null;
}

const PHONE_FIELDS = ['officePhone', 'mobilePhone', 'faxPhone'] as const;

const blankToNull = (value: string | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

export const emailSchema = z
  .string()
  .trim()
  .min(1, 'Enter an email address; it is also the login.')
  .max(MAX_EMAIL_LENGTH, `An email address has at most ${MAX_EMAIL_LENGTH} characters.`)
  .pipe(z.email('Enter an email address such as name@example.com.'))
  .transform((email) => email.toLowerCase());

/** A first or last name (see text.rules.ts: no control characters, no bidi overrides, visible letters). */
export const nameSchema = (what: string) => textField({ what, max: MAX_NAME_LENGTH, visible: true });

const profileSchema = z.object({
  email: emailSchema,
  firstName: nameSchema('first name'),
  lastName: nameSchema('last name'),
  title: textField({ what: 'title', max: MAX_TITLE_LENGTH, optional: true }).optional(),
  organizationId: z.uuid('Choose a company.'),
});

const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `The password needs at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(MAX_PASSWORD_LENGTH, `The password has at most ${MAX_PASSWORD_LENGTH} characters.`)
  .refine((password) => controlCharacterIn(password) === undefined, {
    message: 'The password contains an invisible control character; type it again without it.',
  });

function firstErrorPerField(issues: z.core.$ZodIssue[], errors: FieldErrors) {
  for (const issue of issues) errors[String(issue.path[0])] ??= issue.message;
}

/** Checks a user's details: every mistake is reported at once, one message per field. */
export function validateProfile(form: ProfileForm, defaultPhoneRegion: string): Checked<Profile> {
  const errors: FieldErrors = {};
  const parsed = profileSchema.safeParse(form);
  if (!parsed.success) firstErrorPerField(parsed.error.issues, errors);
  const phones: Record<(typeof PHONE_FIELDS)[number], string | null> = {
    officePhone: null,
    mobilePhone: null,
    faxPhone: null,
  };
  for (const field of PHONE_FIELDS) {
    const typed = blankToNull(form[field]);
    if (!typed) continue;
    const result = toE164(typed, defaultPhoneRegion);
    if (result.ok) phones[field] = result.e164;
    else errors[field] = result.message;
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  const valid = parsed.data;
  return {
    ok: true,
    value: {
      email: valid.email,
      firstName: valid.firstName,
      lastName: valid.lastName,
      title: blankToNull(valid.title),
      ...phones,
      organizationId: valid.organizationId,
      privileges: { ...form.privileges },
    },
  };
}

/** Checks a password typed twice. */
export function validatePassword(password: string, confirmation: string): Checked<string> {
  const parsed = passwordSchema.safeParse(password);
  if (!parsed.success) return { ok: false, errors: { password: parsed.error.issues[0]!.message } };
  if (password !== confirmation) {
    return {
      ok: false,
      errors: { passwordConfirmation: 'The two passwords are not the same; type the password again.' },
    };
  }
  return { ok: true, value: password };
}

/**
 * Checks how a password is given: typed twice, or a link — then nothing may be typed, so a
 * password typed by mistake is never dropped silently. Null: send a link.
 */
export function validatePasswordChoice(
  choice: PasswordChoice,
  password: string,
  confirmation: string,
): Checked<string | null> {
  if (choice === 'type') return validatePassword(password, confirmation);
  if (!password && !confirmation) return { ok: true, value: null };
  return {
    ok: false,
    errors: { password: 'You chose to send them a link: clear the password, or choose “Type one now”.' },
  };
}

/** Checks a new-user form: the details and the password, every mistake at once. */
export function validateNewUser(form: NewUserForm, defaultPhoneRegion: string): Checked<NewUser> {
  const profile = validateProfile(form, defaultPhoneRegion);
  const password = validatePasswordChoice(form.passwordChoice, form.password, form.passwordConfirmation);
  if (!profile.ok || !password.ok) {
    return { ok: false, errors: { ...(profile.ok ? {} : profile.errors), ...(password.ok ? {} : password.errors) } };
  }
  return { ok: true, value: { ...profile.value, password: password.value } };
}

/**
 * A name that was not typed into our forms (a Slack profile's), held to the same rules as a typed
 * one: cleaned (control characters and bidi overrides removed) and cut to the limit; '' when
 * nothing visible is left.
 */
export function outsideName(name: string): string {
  const cleaned = [...cleanText(name).trim()].slice(0, MAX_NAME_LENGTH).join('').trim();
  return hasVisibleCharacters(cleaned) ? cleaned : '';
}

/** The user's name; someone invited who has not said their name yet goes by their email. */
export function fullName(user: { firstName: string; lastName: string; email?: string }): string {
  return `${user.firstName} ${user.lastName}`.trim() || (user.email ?? '');
}

/**
 * Someone to name: their name (as parts or whole; blank while an invited person has not given
 * it), their email (none for a system actor such as the CLI) and their Slack user when linked.
 */
export type NamedPerson = { email?: string | null; slackUserId?: string | null } & (
  { firstName: string; lastName: string } | { fullName: string }
);

/**
 * The one way people read a name in plain text (the CLI, modal titles, plain_text fields, email,
 * lists): "Ada Lovelace (ada@example.com)"; the email alone while the name is unknown; the name
 * alone for someone with no email (a system actor). Slack's mrkdwn mentions a linked Slack user
 * instead (`mentionFit` in slack/fit.ts, which falls back to this).
 */
export function personName(person: NamedPerson): string {
  const email = person.email ?? '';
  const name = ('fullName' in person ? person.fullName : `${person.firstName} ${person.lastName}`).trim();
  if (!name || name.toLowerCase() === email.toLowerCase()) return email;
  return email ? `${name} (${email})` : name;
}

/**
 * How the audit trail stores a user's name: "Ada Lovelace <ada@example.com>" (its search by email
 * looks for "<email>" at the end, so stored labels keep this form). People read `personName`.
 * Takes the user's name parts, or the full name when it is already known.
 */
export function personLabel(
  user: { email: string } & ({ firstName: string; lastName: string } | { fullName: string }),
): string {
  return `${'fullName' in user ? user.fullName : fullName(user)} <${user.email}>`;
}

/** What substring search looks in: names, email, title and numbers, lower-case. */
export function searchTextOf(user: {
  firstName: string;
  lastName: string;
  email: string;
  title: string | null;
  officePhone: string | null;
  mobilePhone: string | null;
  faxPhone: string | null;
}): string {
  // Same as the SQL backfill in the user_directory migration: concat_ws skips only nulls.
  const parts = [
    user.firstName,
    user.lastName,
    user.email,
    user.title,
    user.officePhone,
    user.mobilePhone,
    user.faxPhone,
  ];
  return parts
    .filter((part) => part !== null)
    .join(' ')
    .toLowerCase();
}
