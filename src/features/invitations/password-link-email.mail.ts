import { formatDistanceStrict } from 'date-fns/formatDistanceStrict';
import type { PasswordLinkMessage } from './password-link-delivery.ts';
import { escapeHtml } from './html.rules.ts';

/** The set-password email: plain text and HTML, with the link to the page where they choose it. */
export function passwordLinkEmail(message: PasswordLinkMessage, publicUrl: string, now = new Date()) {
  const link = `${publicUrl}/invites/${message.token}`;
  const expires = formatDistanceStrict(message.expiresAt, now, { addSuffix: true });
  const subject = `Set your password for Switchboard (${message.company})`;
  const text = [
    `Hello ${message.fullName},`,
    ``,
    `${message.sentBy} asked Switchboard to send you this link to set your password for ${message.to} at ${message.company}.`,
    `Open it to choose your password (it works once, and expires ${expires}):`,
    ``,
    link,
    ``,
    `If you did not expect this, ignore this email.`,
  ].join('\n');
  const html = `<p>Hello ${escapeHtml(message.fullName)},</p>
<p>${escapeHtml(message.sentBy)} asked Switchboard to send you this link to set your password for <strong>${escapeHtml(message.to)}</strong> at <strong>${escapeHtml(message.company)}</strong>.</p>
<p><a href="${escapeHtml(link)}">Set your password</a> — the link works once, and expires ${escapeHtml(expires)}.</p>
<p>If you did not expect this, ignore this email.</p>`;
  return { to: message.to, subject, text, html };
}
