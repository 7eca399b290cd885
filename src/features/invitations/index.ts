import type { Listeners } from '../../slack/listeners.ts';
// Invitations: one by one or from a file, delivery by Slack or email, the invitation page.

import type { SlackDeps } from '../../slack/deps.ts';
import type { SlashCommand } from '../../slack/command-names.rules.ts';
import * as invitationActions from './invitation-actions.slack.ts';
import * as inviteSubmit from './invite-submit.slack.ts';
import * as invite from './invite.slack.ts';
import * as passwordLinkMessages from './password-link-message.slack.ts';
import { invite as inviteCli } from './invite.cli.ts';

// What other slices use of this one.
export { InvitationCourier } from './invitation-delivery.ts';
export type { InvitationsNotice } from './invitation-notices.rules.ts';
export {
  renderInvitation,
  renderInvitationImport,
  renderInvitationOffer,
  renderInvitationsExpired,
} from './invitation-notices.blocks.ts';
export {
  INVITATION_RESEND_ACTION,
  INVITATION_REVOKE_ACTION,
  invitationStatusText,
  revokeButton,
} from './invitations.blocks.ts';
export { followLicenses } from './invitations.ts';
export type { InvitationStatus } from './invitations.rules.ts';
export { invitePageErrors, invitePageRoute } from './invite-page.http.ts';
export { Mailer } from './mailer.mail.ts';
export { passwordLinkMessenger } from './password-link-message.slack.ts';
export { redirectPasswordLinks, retirePasswordLinks, sendPasswordLink } from './password-links.ts';
export { passwordStatusOf, type PasswordStatus } from './password-links.rules.ts';

/** Registers the Slack listeners of this slice. */
export function register(app: Listeners, deps: SlackDeps): void {
  for (const listeners of [invitationActions, inviteSubmit, invite, passwordLinkMessages])
    listeners.register(app, deps);
}

/** The slash commands this slice answers, as the manifests declare them (`switchboard manifest`). */
export const COMMANDS: SlashCommand[] = [
  {
    command: invite.INVITE_COMMAND,
    description: 'Invite people (one by one or from a CSV), with a license on or off each',
    usageHint: '[email]',
    shouldEscape: false,
  },
  {
    command: invite.INVITES_COMMAND,
    description: 'Open invitations: re-send or revoke',
    usageHint: '[part of an email]',
    shouldEscape: false,
  },
];

/** Its `switchboard` commands. */
export const CLI_COMMANDS = { invite: inviteCli };
