import { Blocks, Elements, Message } from 'slack-block-builder';
import type {
  InvitationImportNotice,
  InvitationNotice,
  InvitationOfferNotice,
  InvitationsExpiredNotice,
} from '../../domain/notices.ts';
import { escapeMrkdwn, mention, slackDate } from '../mrkdwn.ts';
import { simple, type RenderedNotice } from './rendered-notice.ts';

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
  const who = escapeMrkdwn(notice.user.email);
  const company = escapeMrkdwn(notice.company);
  const by = notice.by ? ` by ${mention(notice.by)}` : '';
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
        `${escapeMrkdwn(notice.user.fullName)} (${who}) ${WHAT[notice.type]} ${company}${notice.via === 'slack' ? ' from Slack' : ' from the invitation page'}`,
      );
    default:
      return simple(':envelope:', `${who} ${WHAT[notice.type]} ${company}${by}`);
  }
}

export function renderInvitationOffer(notice: InvitationOfferNotice): RenderedNotice {
  const text = `${escapeMrkdwn(notice.invitedBy)} invited you (${escapeMrkdwn(notice.email)}) to join ${escapeMrkdwn(notice.company)} on Switchboard. Accepting links this Slack account to your new Switchboard user.`;
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
  const named = notice.emails.map(escapeMrkdwn).join(', ');
  const more = notice.count > notice.emails.length ? ` and ${notice.count - notice.emails.length} more` : '';
  const count = notice.count === 1 ? 'An invitation' : `${notice.count} invitations`;
  return simple(':hourglass:', `${count} expired unanswered: ${named}${more}. Re-send from /invites.`);
}

export function renderInvitationImport(notice: InvitationImportNotice): RenderedNotice {
  return simple(
    ':inbox_tray:',
    `${mention(notice.by)} imported ${escapeMrkdwn(notice.fileName)} into ${escapeMrkdwn(notice.company)}: ${notice.invited} invited, ${notice.waitingForLicense} listed waiting for a license, ${notice.skipped} rows skipped`,
  );
}
