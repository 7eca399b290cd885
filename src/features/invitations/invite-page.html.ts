import { format } from 'date-fns/format';
import { formatDistanceStrict } from 'date-fns/formatDistanceStrict';
import { linkStateMessage, type LinkState } from './invitation-acceptance.ts';
import { passwordLinkMessage, type PasswordLinkState } from './password-link-acceptance.ts';
import { escapeHtml } from './html.rules.ts';
import { MAX_NAME_LENGTH, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../core/users.rules.ts';

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Switchboard</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 28rem; margin: 3rem auto; padding: 0 1rem; color: #1d1c1d; }
label { display: block; margin-top: 1rem; font-weight: 600; }
input { width: 100%; padding: .5rem; font: inherit; box-sizing: border-box; }
button { margin-top: 1.5rem; padding: .6rem 1.2rem; font: inherit; background: #007a5a; color: #fff; border: 0; border-radius: 4px; }
.error { color: #b00020; margin: .25rem 0 0; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>`;
}

type Open = Extract<LinkState, { state: 'open' }>;

/** One input with its label and its error. Each field declares the limits the server checks (core/users.rules.ts). */
function fieldOf(errors: Record<string, string>) {
  return (name: string, label: string, type: string, value: string, autocomplete: string, limits: string) => {
    const error = errors[name];
    return `<label for="${name}">${label}</label>
<input id="${name}" name="${name}" type="${type}" value="${escapeHtml(value)}" autocomplete="${autocomplete}" ${limits} required${error ? ` aria-describedby="${name}-error"` : ''}>
${error ? `<p class="error" id="${name}-error" role="alert">${escapeHtml(error)}</p>` : ''}`;
  };
}

// No minlength: the page says what is wrong in its own words (the browser would say it its way).
const PASSWORD_LIMITS = `maxlength="${MAX_PASSWORD_LENGTH}"`;

/** The form: name and password (twice), with what was typed (never the passwords) and what is wrong. */
export function acceptForm(
  invitation: Open,
  typed: { firstName?: string; lastName?: string } = {},
  errors: Record<string, string> = {},
  now = new Date(),
): string {
  const field = fieldOf(errors);
  const nameLimit = `maxlength="${MAX_NAME_LENGTH}"`;
  const passwordLimits = PASSWORD_LIMITS;
  return page(
    `Join ${invitation.company}`,
    `<p>You are invited to <strong>${escapeHtml(invitation.company)}</strong> on Switchboard as <strong>${escapeHtml(invitation.email)}</strong>. This invitation expires ${escapeHtml(formatDistanceStrict(invitation.expiresAt, now, { addSuffix: true }))}.</p>
<form method="post">
${field('firstName', 'First name', 'text', typed.firstName ?? invitation.firstName, 'given-name', nameLimit)}
${field('lastName', 'Last name', 'text', typed.lastName ?? invitation.lastName, 'family-name', nameLimit)}
${field('password', `Password (at least ${MIN_PASSWORD_LENGTH} characters)`, 'password', '', 'new-password', passwordLimits)}
${field('passwordConfirmation', 'Password again', 'password', '', 'new-password', passwordLimits)}
<button type="submit">Accept invitation</button>
</form>`,
  );
}

export function welcomePage(joined: { fullName: string; email: string }): string {
  return page(
    'Welcome to Switchboard',
    `<p>Welcome, ${escapeHtml(joined.fullName)}. Your account is active: sign in as <strong>${escapeHtml(joined.email)}</strong> with the password you chose.</p>`,
  );
}

const TITLES: Record<Exclude<LinkState['state'], 'open'>, string> = {
  unknown: 'Link not valid',
  replaced: 'Invitation link replaced',
  held: 'Invitation on hold',
  expired: 'Invitation expired',
  revoked: 'Invitation withdrawn',
  accepted: 'Invitation already used',
  declined: 'Invitation declined',
};

const expiredOn = (state: { state: string; expiredAt?: Date }) =>
  state.state === 'expired' && state.expiredAt ? ` It expired on ${format(state.expiredAt, 'd MMMM yyyy')}.` : '';

/** An invitation link that can't be used: what happened to it and what to do. */
export function closedPage(state: Exclude<LinkState, Open>): string {
  return page(TITLES[state.state], `<p>${escapeHtml(linkStateMessage(state))}${expiredOn(state)}</p>`);
}

type OpenPasswordLink = Extract<PasswordLinkState, { state: 'open' }>;

/** The set-password form: the password twice, with what is wrong (never what was typed). */
export function setPasswordForm(link: OpenPasswordLink, errors: Record<string, string> = {}, now = new Date()): string {
  const field = fieldOf(errors);
  return page(
    'Set your password for Switchboard',
    `<p>Choose the password you will sign in with as <strong>${escapeHtml(link.email)}</strong> (${escapeHtml(link.company)}). This link works once and expires ${escapeHtml(formatDistanceStrict(link.expiresAt, now, { addSuffix: true }))}.</p>
<form method="post">
${field('password', `Password (at least ${MIN_PASSWORD_LENGTH} characters)`, 'password', '', 'new-password', PASSWORD_LIMITS)}
${field('passwordConfirmation', 'Password again', 'password', '', 'new-password', PASSWORD_LIMITS)}
<button type="submit">Set password</button>
</form>`,
  );
}

export function passwordSetPage(done: { fullName: string; email: string }): string {
  return page(
    'Your password is set',
    `<p>Thank you, ${escapeHtml(done.fullName)}. Sign in as <strong>${escapeHtml(done.email)}</strong> with the password you chose.</p>`,
  );
}

const PASSWORD_TITLES: Record<Exclude<PasswordLinkState['state'], 'open'>, string> = {
  unknown: 'Link not valid',
  used: 'Link already used',
  inactive: 'Account not active',
  replaced: 'Link replaced',
  expired: 'Link expired',
};

/** A set-password link that can't be used: what happened to it and what to do. */
export function closedPasswordPage(state: Exclude<PasswordLinkState, OpenPasswordLink>): string {
  return page(PASSWORD_TITLES[state.state], `<p>${escapeHtml(passwordLinkMessage(state))}${expiredOn(state)}</p>`);
}
