import { Bits, Blocks, Elements, Message } from 'slack-block-builder';
import { personName } from '../../../core/users.rules.ts';
import { formatOptionalPhone } from '../../../core/phone.rules.ts';
import type { UserCard } from '../directory/directory.ts';
import { escapeMrkdwn, slackDate } from '../../../slack/mrkdwn.ts';
import { changeMenu } from './card-changes.blocks.ts';
import { passwordStatusText } from './password-status.blocks.ts';
import { chars, escapeFit, FIELD_LIMIT, joinFitted, mentionFit } from '../../../slack/fit.ts';
import { INVITATION_RESEND_ACTION, invitationStatusText, revokeButton } from '../../invitations/index.ts';
import { statusBadges } from '../directory/user-list.blocks.ts';

export const LIFECYCLE_ACTIONS = {
  deactivate: 'user_deactivate',
  deactivateAndRelease: 'user_deactivate_release',
  reactivate: 'user_reactivate',
  delete: 'user_delete',
  removeAdmin: 'user_remove_admin',
} as const;
export const EDIT_ACTION = 'user_edit';
export const RESET_PASSWORD_ACTION = 'user_reset_password';
export const CANCEL_EMAIL_ACTION = 'user_cancel_email';
export const REQUEST_ADMIN_ACTION = 'user_request_admin';
export const USER_SETTINGS_ACTION = 'user_settings';
export const NUMBER_ASSIGN_ACTION = 'user_assign_number';

/** What a card's button carries: ids only, never authority. */
function buttonValue(card: Pick<UserCard, 'id' | 'version'>): string {
  return JSON.stringify({ id: card.id, v: card.version });
}

/** One of the card's fields: a label and a value, or a list of values (as many as a field holds). */
function field(label: string, value: string | null | readonly string[], separator = ', ') {
  const head = `*${label}*\n`;
  const room = FIELD_LIMIT - chars(head);
  if (!value?.length) return `${head}—`;
  if (typeof value === 'string') return head + escapeFit(value, room);
  return head + joinFitted(value.map(escapeMrkdwn), room, { separator });
}

/** A confirmation dialog's text holds 300 characters: the name and email in it are kept short. */
const confirmName = (card: UserCard) => escapeFit(card.fullName, 80);

function changeButtons(card: UserCard) {
  const value = buttonValue(card);
  return [
    Elements.Button({ text: 'Edit', actionId: EDIT_ACTION, value }),
    Elements.Button({ text: 'Reset password', actionId: RESET_PASSWORD_ACTION, value }),
    Elements.Button({ text: 'Settings', actionId: USER_SETTINGS_ACTION, value }),
    Elements.Button({ text: 'Assign number', actionId: NUMBER_ASSIGN_ACTION, value }),
    changeMenu(card),
    ...(card.pendingEmail
      ? [Elements.Button({ text: 'Cancel email change', actionId: CANCEL_EMAIL_ACTION, value })]
      : []),
  ];
}

function removeAdminButton(card: UserCard) {
  return Elements.Button({
    text: 'Remove admin',
    actionId: LIFECYCLE_ACTIONS.removeAdmin,
    value: buttonValue(card),
  }).confirm(
    Bits.ConfirmationDialog({
      title: 'Remove admin rights?',
      text: `${confirmName(card)} keeps their user but can no longer change users or companies.`,
      confirm: 'Remove',
      deny: 'Cancel',
    }).danger(),
  );
}

function invitationButtons(card: UserCard) {
  return [
    Elements.Button({ text: 'Re-send invitation', actionId: INVITATION_RESEND_ACTION, value: card.id }),
    revokeButton(card.id, card.email, 'Revoke invitation'),
  ];
}

function lifecycleButtons(card: UserCard) {
  const name = confirmName(card);
  const value = buttonValue(card);
  const remove = Elements.Button({ text: 'Delete', actionId: LIFECYCLE_ACTIONS.delete, value })
    .danger()
    .confirm(
      Bits.ConfirmationDialog({
        title: 'Delete user?',
        text: `Delete ${name} (${escapeFit(card.email, 90)})? Their personal data is removed and the email is freed; the audit trail keeps who they were. This can't be undone.`,
        confirm: 'Delete',
        deny: 'Cancel',
      }).danger(),
    );
  if (card.invitation) return [...invitationButtons(card), remove];
  if (card.active) {
    return [
      Elements.Button({ text: 'Deactivate', actionId: LIFECYCLE_ACTIONS.deactivate, value })
        .danger()
        .confirm(
          Bits.ConfirmationDialog({
            title: 'Deactivate user?',
            text: `${name} will no longer be able to use Switchboard. They stay listed and can be reactivated.`,
            confirm: 'Deactivate',
            deny: 'Cancel',
          }).danger(),
        ),
      Elements.Button({ text: 'Deactivate & release', actionId: LIFECYCLE_ACTIONS.deactivateAndRelease, value })
        .danger()
        .confirm(
          Bits.ConfirmationDialog({
            title: 'Deactivate and release?',
            text: `${name} will no longer be able to use Switchboard, and their phone numbers, devices, licenses and extension go back to the pools for others. They stay listed.`,
            confirm: 'Deactivate',
            deny: 'Cancel',
          }).danger(),
        ),
    ];
  }
  return [Elements.Button({ text: 'Reactivate', actionId: LIFECYCLE_ACTIONS.reactivate, value }).primary(), remove];
}

/** A user's card: every field, privileges, company path, dates, last changes and (for Admins) actions. */
export function userCardMessage(card: UserCard, note?: string) {
  const dates = [
    `Created ${slackDate(card.createdAt)}`,
    `updated ${slackDate(card.updatedAt)}`,
    card.deactivatedAt &&
      `deactivated ${slackDate(card.deactivatedAt)} by ${card.deactivatedBy ? mentionFit(card.deactivatedBy, 300) : 'unknown'}`,
  ].filter(Boolean);
  const changes = card.recentChanges.map(
    (change) => `${slackDate(change.at)} ${escapeFit(change.action, 100)} by ${mentionFit(change.actor, 300)}`,
  );
  const blocks = [
    ...(note ? [Blocks.Context().elements(escapeFit(note, 3000))] : []),
    Blocks.Section({
      text: `*${escapeFit(card.fullName, 800)}* · ${escapeFit(card.email, 300)}\n${escapeFit(card.companyPath, 1500)} · ${statusBadges(card)}`,
    }),
    ...(card.invitation ? [Blocks.Context().elements(`Invitation: ${invitationStatusText(card.invitation)}`)] : []),
    // Someone invited sets their password on the invitation page: the line above says where that stands.
    ...(card.invitation ? [] : [Blocks.Context().elements(`Password: ${passwordStatusText(card.password)}`)]),
    ...(card.pendingEmail
      ? [Blocks.Context().elements(`New email ${escapeFit(card.pendingEmail, 300)} awaits confirmation by its owner.`)]
      : []),
    Blocks.Section().fields(
      field('Title', card.title),
      field('Office', formatOptionalPhone(card.officePhone)),
      field('Cellular', formatOptionalPhone(card.mobilePhone)),
      field('Fax', formatOptionalPhone(card.faxPhone)),
      `*Slack*\n${card.slackUserId ? `<@${card.slackUserId}>` : 'not linked'}`,
      card.licenses.length ? field('Licenses', card.licenses) : '*Licenses*\nnone',
      field('Location', card.location),
      field('Extension', card.extension),
      field('Numbers', card.numbers),
      field('Devices', card.devices, '\n'),
    ),
    Blocks.Section().fields(
      ...(card.loginId ? [field('User ID', card.loginId)] : []),
      field('Station', card.station),
      field('Applications', card.applications),
      field('Call groups', card.groups),
    ),
    Blocks.Context().elements(dates.join(' · ')),
    ...(changes.length ? [Blocks.Context().elements(`Last changes: ${changes.join(' · ')}`)] : []),
    ...(card.canManage
      ? [
          Blocks.Actions().elements(
            ...changeButtons(card),
            ...(card.admin
              ? [removeAdminButton(card)]
              : card.active
                ? [
                    Elements.Button({
                      text: 'Request admin rights',
                      actionId: REQUEST_ADMIN_ACTION,
                      value: buttonValue(card),
                    }),
                  ]
                : []),
            ...lifecycleButtons(card),
          ),
        ]
      : []),
  ];
  return {
    text: personName(card),
    blocks: Message()
      .blocks(...blocks)
      .getBlocks(),
  };
}
