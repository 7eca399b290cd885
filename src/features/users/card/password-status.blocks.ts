import type { PasswordStatus } from '../../invitations/index.ts';
import { slackDate } from '../../../slack/mrkdwn.ts';

/** The card's password line: set, or not set and where the link to set it stands. */
export function passwordStatusText(status: PasswordStatus): string {
  if (status.set) return 'set';
  const link = status.link;
  if (!link) return 'not set — send them a link with Reset password';
  if (link.expired)
    return `not set — the link expired ${slackDate(link.expiresAt)}; send a new one with Reset password`;
  const via = link.deliveredVia === 'slack' ? ' by Slack DM' : link.deliveredVia === 'email' ? ' by email' : '';
  const sent = link.sentAt ? `link sent${via} ${slackDate(link.sentAt)}` : 'link on its way';
  return `not set — ${sent}, expires ${slackDate(link.expiresAt)}`;
}
