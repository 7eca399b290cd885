import { Blocks, Elements, Message } from 'slack-block-builder';
import { privilegeLabels } from '../core/privileges.rules.ts';
import { articleFor } from '../core/words.rules.ts';
import type { Person } from '../core/notices.rules.ts';
import { escapeFit, joinFitted, mentionFit } from './fit.ts';
import { simple, type RenderedNotice } from './rendered-notice.blocks.ts';
import {
  renderAdminRequest,
  renderAdminRequestUpdate,
  renderAdminGrantEnded,
  type ApprovalsNotice,
} from '../features/approvals/index.ts';
import type { CompaniesNotice } from '../features/companies/index.ts';
import {
  renderInvitation,
  renderInvitationImport,
  renderInvitationOffer,
  renderInvitationsExpired,
  type InvitationsNotice,
} from '../features/invitations/index.ts';
import type { LicenseNotice } from '../features/licenses/index.ts';
import type { UserSetUpNotice } from '../features/setup/index.ts';
import { renderWorkspaceChannels, type WorkspacesNotice } from '../features/workspaces/index.ts';
import type { TelephonyNotice } from '../features/telephony/index.ts';
import {
  renderSlackLink,
  userAddedNotes,
  type EmailConfirmationNotice,
  type UserAddedNotice,
  type UserLifecycleNotice,
  type UsersNotice,
} from '../features/users/index.ts';

/** Every notice the slices write to the outbox: the union of their `*-notices.rules.ts`. */
export type Notice =
  | UsersNotice
  | CompaniesNotice
  | ApprovalsNotice
  | LicenseNotice
  | InvitationsNotice
  | TelephonyNotice
  | UserSetUpNotice
  | WorkspacesNotice;

// Each value is escaped and kept short enough for a notice to fit its section (3000 characters),
// however many of its characters are escaped: a company (path) 1000 characters, the rest 400.
const place = (company: string) => escapeFit(company, 1000);
const value = (text: string) => escapeFit(text, 400);
const by = (person: Person) => mentionFit(person, 400);

/** How each notice looks in Slack. Every user-typed value is escaped. */
export function renderNotice(notice: Notice): RenderedNotice {
  switch (notice.type) {
    case 'user.added':
      return renderUserAdded(notice);
    case 'user.deactivated':
    case 'user.reactivated':
    case 'user.deleted':
    case 'user.admin_removed':
    case 'user.admin_granted':
      return renderLifecycle(notice);
    case 'user.edited':
      return simple(
        ':pencil2:',
        `${who(notice.user)} of ${place(notice.company)} was edited by ${by(notice.by)}: ${joinFitted(notice.fields.map(value), 1000)}`,
      );
    case 'user.email_changed':
      return simple(
        ':email:',
        `${value(notice.user.fullName)} of ${place(notice.company)} now signs in as ${value(notice.user.email)} (was ${value(notice.previousEmail)}), confirmed by its owner`,
      );
    case 'user.password_reset':
      return notice.audience === 'channel'
        ? simple(':key:', `The password of ${who(notice.user)} was reset by ${by(notice.by)}`)
        : simple(':key:', `Your Switchboard password was reset by ${by(notice.by)}.`);
    case 'user.email_confirmation':
      return renderEmailConfirmation(notice);
    case 'user.slack_linked':
    case 'user.slack_unlinked':
      return renderSlackLink(notice);
    case 'organization.created':
      return simple(':office:', `Customer company ${place(notice.path)} was created by ${by(notice.by)}`);
    case 'admin_request':
      return renderAdminRequest(notice);
    case 'admin_request.update':
      return renderAdminRequestUpdate(notice);
    case 'admin_grant.ended':
      return renderAdminGrantEnded(notice);
    case 'licenses.added':
      return simple(
        ':ticket:',
        `${notice.seats!.added} ${value(notice.product)} ${notice.seats!.added === 1 ? 'seat was' : 'seats were'} added to ${place(notice.company)} by ${by(notice.by)} (${notice.seats!.total} in all)`,
      );
    case 'license.assigned':
    case 'license.revoked':
      return simple(
        ':ticket:',
        `${who(notice.user!)} of ${place(notice.company)} ${notice.type === 'license.assigned' ? 'got' : 'no longer has'} ${articleFor(notice.product)} ${value(notice.product)} ${notice.station ? 'station package' : 'license'} (${by(notice.by)})`,
      );
    case 'location.added':
    case 'location.changed':
    case 'location.removed':
      return simple(
        ':round_pushpin:',
        `Location ${value(notice.location)} of ${place(notice.company)} was ${notice.type.slice('location.'.length)} by ${by(notice.by)}`,
      );
    case 'location.assigned':
      return simple(
        ':round_pushpin:',
        `${who(notice.user!)} of ${place(notice.company)} now works at ${value(notice.location)} (${by(notice.by)})`,
      );
    case 'invitation.created':
    case 'invitation.resent':
    case 'invitation.revoked':
    case 'invitation.accepted':
    case 'invitation.declined':
      return renderInvitation(notice);
    case 'invitation.offer':
      return renderInvitationOffer(notice);
    case 'invitations.expired':
      return renderInvitationsExpired(notice);
    case 'invitations.imported':
      return renderInvitationImport(notice);
    case 'numbers.added':
    case 'device.added':
      return simple(
        ':telephone_receiver:',
        `${value(notice.what)} added to ${place(notice.company)} by ${by(notice.by)}`,
      );
    case 'number.assigned':
    case 'device.assigned':
      return simple(
        ':telephone_receiver:',
        `${who(notice.user!)} of ${place(notice.company)} got ${value(notice.what)} (${by(notice.by)})`,
      );
    case 'number.unassigned':
    case 'device.unassigned':
      return simple(
        ':telephone_receiver:',
        `${value(notice.what)} was taken back from ${who(notice.user!)} of ${place(notice.company)} (${by(notice.by)})`,
      );
    case 'user.set_up':
      return simple(
        ':bust_in_silhouette:',
        `${who(notice.user)} was set up in ${place(notice.company)} by ${by(notice.by)}: ${joinFitted(notice.given.map(value), 1000)}. Their welcome is on its way.`,
      );
    case 'workspace.channels_chosen':
      return renderWorkspaceChannels(notice);
    case 'organization.renamed':
      return simple(
        ':office:',
        `Company ${value(notice.previousName ?? '')} is now ${place(notice.path)}, renamed by ${by(notice.by)}`,
      );
  }
}

/** The user a notice is about, named the one way (a mention when linked, else "Name (email)"). */
function who(user: { fullName: string; email: string; slackUserId?: string | null }): string {
  return mentionFit(user, 660);
}

export const EMAIL_CONFIRM_ACTION = 'email_confirm';

function renderEmailConfirmation(notice: EmailConfirmationNotice): RenderedNotice {
  const text = `${by(notice.requestedBy)} asked to make ${value(notice.newEmail)} the Switchboard login of ${value(notice.fullName)}. If that is your address and you agree, confirm.`;
  const blocks = Message()
    .blocks(
      Blocks.Section({ text: `:email: ${text}` }),
      Blocks.Actions().elements(
        Elements.Button({
          text: 'Confirm',
          actionId: EMAIL_CONFIRM_ACTION,
          value: JSON.stringify({ id: notice.userId, email: notice.newEmail }),
        }).primary(),
      ),
    )
    .getBlocks();
  return { text, blocks };
}

const LIFECYCLE = {
  'user.deactivated': {
    emoji: ':no_entry:',
    what: 'was deactivated',
    subject: 'Your Switchboard access was turned off',
  },
  'user.reactivated': {
    emoji: ':white_check_mark:',
    what: 'was reactivated',
    subject: 'Your Switchboard access was turned back on',
  },
  'user.deleted': { emoji: ':wastebasket:', what: 'was deleted', subject: 'Your Switchboard user was deleted' },
  'user.admin_removed': {
    emoji: ':small_red_triangle_down:',
    what: 'had admin rights removed',
    subject: 'Your Switchboard admin rights were removed',
  },
  'user.admin_granted': {
    emoji: ':small_red_triangle:',
    what: 'was given admin rights',
    subject: 'You were given Switchboard admin rights',
  },
} as const;

function renderLifecycle(notice: UserLifecycleNotice): RenderedNotice {
  const { emoji, what, subject } = LIFECYCLE[notice.type];
  const text =
    notice.audience === 'channel'
      ? `${who(notice.user)} of ${place(notice.company)} ${what} by ${by(notice.by)}`
      : `${subject} by ${by(notice.by)}.`;
  return simple(emoji, text);
}

function renderUserAdded(notice: UserAddedNotice): RenderedNotice {
  const added = who(notice.user);
  const company = place(notice.company);
  const text =
    notice.audience === 'channel'
      ? `${added} was added to ${company} by ${by(notice.by)}`
      : `You added ${added} to ${company}.`;
  const privileges = privilegeLabels(notice.privileges);
  const details = [
    notice.user.title ? `Title: ${value(notice.user.title)}` : undefined,
    `Privileges: ${privileges.length ? privileges.join(', ') : 'none'}`,
    notice.adminRequested ? 'Admin: awaiting approval' : undefined,
    notice.passwordLink
      ? `Password: a link to set it goes to them ${notice.passwordLink === 'slack' ? "as a Slack DM (or by email if Slack can't reach them)" : 'by email'}`
      : undefined,
  ].filter((line): line is string => Boolean(line));
  // The actor's confirmation also says which Slack account was linked, and why Admin was not asked for.
  const notes = notice.audience === 'actor' ? userAddedNotes(notice) : [];
  const blocks = Message()
    .blocks(
      Blocks.Section({ text: `:bust_in_silhouette: ${text}` }),
      ...notes.map((note) => Blocks.Section({ text: note })),
      Blocks.Context().elements(details.join(' · ')),
    )
    .getBlocks();
  return { text: [text, ...notes].join(' '), blocks };
}
