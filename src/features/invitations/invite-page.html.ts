import { format, formatDistanceStrict } from 'date-fns';
import type { LinkState } from './invitation-acceptance.ts';
import { LINK_STATE_MESSAGES } from './invitation-acceptance.ts';
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

/** The form: name and password (twice), with what was typed (never the passwords) and what is wrong. */
export function acceptForm(
  invitation: Open,
  typed: { firstName?: string; lastName?: string } = {},
  errors: Record<string, string> = {},
  now = new Date(),
): string {
  // Each field declares the limits the server checks (core/users.rules.ts).
  const field = (name: string, label: string, type: string, value: string, autocomplete: string, limits: string) => {
    const error = errors[name];
    return `<label for="${name}">${label}</label>
<input id="${name}" name="${name}" type="${type}" value="${escapeHtml(value)}" autocomplete="${autocomplete}" ${limits} required${error ? ` aria-describedby="${name}-error"` : ''}>
${error ? `<p class="error" id="${name}-error" role="alert">${escapeHtml(error)}</p>` : ''}`;
  };
  const nameLimit = `maxlength="${MAX_NAME_LENGTH}"`;
  // No minlength: the page says what is wrong in its own words (the browser would say it its way).
  const passwordLimits = `maxlength="${MAX_PASSWORD_LENGTH}"`;
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
  unknown: 'Invitation link not valid',
  expired: 'Invitation expired',
  revoked: 'Invitation withdrawn',
  accepted: 'Invitation already used',
  declined: 'Invitation declined',
  waiting: 'Invitation not active yet',
};

/** A link that can't be used: what happened to it and what to do. */
export function closedPage(state: Exclude<LinkState, Open>): string {
  const when = state.state === 'expired' ? ` It expired on ${format(state.expiredAt, 'd MMMM yyyy')}.` : '';
  return page(TITLES[state.state], `<p>${escapeHtml(LINK_STATE_MESSAGES[state.state])}${when}</p>`);
}
