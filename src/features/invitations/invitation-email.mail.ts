import { formatDistanceStrict } from 'date-fns/formatDistanceStrict';
import type { InvitationEmail } from './invitation-delivery.ts';
import { escapeHtml } from './html.rules.ts';

/** The invitation email: plain text and HTML, with the link to the invitation page. */
export function invitationMessage(email: InvitationEmail, publicUrl: string, now = new Date()) {
  const link = `${publicUrl}/invites/${email.token}`;
  const expires = formatDistanceStrict(email.expiresAt, now, { addSuffix: true });
  const subject = `You are invited to ${email.company} on Switchboard`;
  const text = [
    `Hello,`,
    ``,
    `${email.invitedBy} invited you to join ${email.company} on Switchboard.`,
    `Open this link to choose your password and accept (it works once, and expires ${expires}):`,
    ``,
    link,
    ``,
    `If you did not expect this, ignore this email.`,
  ].join('\n');
  const html = `<p>Hello,</p>
<p>${escapeHtml(email.invitedBy)} invited you to join <strong>${escapeHtml(email.company)}</strong> on Switchboard.</p>
<p><a href="${escapeHtml(link)}">Choose your password and accept</a> — the link works once, and expires ${escapeHtml(expires)}.</p>
<p>If you did not expect this, ignore this email.</p>`;
  return { to: email.to, subject, text, html };
}
