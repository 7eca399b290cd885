import { Blocks, Elements, Message } from 'slack-block-builder';
import type {
  InvitationImportNotice,
  InvitationNotice,
  InvitationOfferNotice,
  InvitationsExpiredNotice,
} from './invitation-notices.rules.ts';
import { slackDate } from '../../slack/mrkdwn.ts';
import { escapeFit, joinFitted, mentionFit } from '../../slack/fit.ts';
import { simple, type RenderedNotice } from '../../slack/rendered-notice.blocks.ts';
import { plural } from '../../core/words.rules.ts';

export const INVITATION_ACCEPT_ACTION = 'invitation_accept';
export const INVITATION_DECLINE_ACTION = 'invitation_decline';

const WHAT = {
  'invitation.created': 'was invited to',
  'invitation.resent': 'was sent a new invitation to',
  'invitation.revoked': 'had their invitation to',
  'invitation.accepted': 'accepted the invitation and joined',
  'invitation.declined': 'declined the invitation to',
} as const;

export function renderInvitation(notice: InvitationNotice): RenderedNotice {
  // Values are kept short enough for the notice to fit a section (3000 characters).
  const who = escapeFit(notice.user.email, 260);
  const company = escapeFit(notice.company, 1000);
  const by = notice.by ? ` by ${mentionFit(notice.by, 400)}` : '';
  switch (notice.type) {
    case 'invitation.created':
      return simple(
        ':envelope:',
        `${who} ${WHAT[notice.type]} ${company}${by}${notice.waitingForLicense ? ' — listed, waiting for a license before the invitation goes out' : ''}`,
      );
    case 'invitation.revoked':
      return simple(':no_entry_sign:', `${who} ${WHAT[notice.type]} ${company} revoked${by}`);
    case 'invitation.accepted':
      return simple(
        ':tada:',
        `${escapeFit(notice.user.fullName, 400)} (${who}) ${WHAT[notice.type]} ${company}${notice.via === 'slack' ? ' from Slack' : ' from the invitation page'}`,
      );
    default:
      return simple(':envelope:', `${who} ${WHAT[notice.type]} ${company}${by}`);
  }
}

export function renderInvitationOffer(notice: InvitationOfferNotice): RenderedNotice {
  const text = `${escapeFit(notice.invitedBy, 400)} invited you (${escapeFit(notice.email, 260)}) to join ${escapeFit(notice.company, 1000)} on Switchboard. Accepting links this Slack account to your new Switchboard user.`;
  const blocks = Message()
    .blocks(
      Blocks.Section({ text: `:envelope_with_arrow: ${text}` }),
      Blocks.Context().elements(`The invitation expires ${slackDate(new Date(notice.expiresAt))}.`),
      Blocks.Actions().elements(
        Elements.Button({ text: 'Accept', actionId: INVITATION_ACCEPT_ACTION, value: notice.invitationId }).primary(),
        Elements.Button({ text: 'Decline', actionId: INVITATION_DECLINE_ACTION, value: notice.invitationId }),
      ),
    )
    .getBlocks();
  return { text, blocks };
}

export function renderInvitationsExpired(notice: InvitationsExpiredNotice): RenderedNotice {
  const named = joinFitted(
    notice.emails.map((email) => escapeFit(email, 260)),
    2600,
  );
  const more = notice.count > notice.emails.length ? ` and ${notice.count - notice.emails.length} more` : '';
  const count = notice.count === 1 ? 'An invitation' : `${notice.count} invitations`;
  return simple(':hourglass:', `${count} expired unanswered: ${named}${more}. Re-send from /invites.`);
}

export function renderInvitationImport(notice: InvitationImportNotice): RenderedNotice {
  return simple(
    ':inbox_tray:',
    `${mentionFit(notice.by, 400)} imported ${escapeFit(notice.fileName, 300)} into ${escapeFit(notice.company, 1000)}: ${notice.invited} invited, ${notice.waitingForLicense} listed waiting for a license, ${plural(notice.skipped, 'row')} skipped`,
  );
}
