import { Bits, Blocks, Elements, Message } from 'slack-block-builder';
import type { UserCard } from '../../services/directory.ts';
import { escapeMrkdwn, slackDate } from '../mrkdwn.ts';
import { changeMenu } from './card-changes.ts';
import { INVITATION_RESEND_ACTION, INVITATION_REVOKE_ACTION, invitationStatusText } from './invitations.ts';
import { statusBadges } from './user-list.ts';

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
export function buttonValue(card: Pick<UserCard, 'id' | 'version'>): string {
  return JSON.stringify({ id: card.id, v: card.version });
}

function field(label: string, value: string | null) {
  return `*${label}*\n${value ? escapeMrkdwn(value) : '—'}`;
}

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
      text: `${escapeMrkdwn(card.fullName)} keeps their user but can no longer change users or companies.`,
      confirm: 'Remove',
      deny: 'Cancel',
    }).danger(),
  );
}

function invitationButtons(card: UserCard) {
  return [
    Elements.Button({ text: 'Re-send invitation', actionId: INVITATION_RESEND_ACTION, value: card.id }),
    Elements.Button({ text: 'Revoke invitation', actionId: INVITATION_REVOKE_ACTION, value: card.id }),
  ];
}

function lifecycleButtons(card: UserCard) {
  const name = escapeMrkdwn(card.fullName);
  const value = buttonValue(card);
  const remove = Elements.Button({ text: 'Delete', actionId: LIFECYCLE_ACTIONS.delete, value })
    .danger()
    .confirm(
      Bits.ConfirmationDialog({
        title: 'Delete user?',
        text: `Delete ${name} (${escapeMrkdwn(card.email)})? Their personal data is removed and the email is freed; the audit trail keeps who they were. This can't be undone.`,
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
      `deactivated ${slackDate(card.deactivatedAt)} by ${escapeMrkdwn(card.deactivatedBy ?? 'unknown')}`,
  ].filter(Boolean);
  const changes = card.recentChanges.map(
    (change) => `${slackDate(change.at)} ${escapeMrkdwn(change.action)} by ${escapeMrkdwn(change.actor)}`,
  );
  const blocks = [
    ...(note ? [Blocks.Context().elements(escapeMrkdwn(note))] : []),
    Blocks.Section({
      text: `*${escapeMrkdwn(card.fullName)}* · ${escapeMrkdwn(card.email)}\n${escapeMrkdwn(card.companyPath)} · ${statusBadges(card)}`,
    }),
    ...(card.invitation ? [Blocks.Context().elements(`Invitation: ${invitationStatusText(card.invitation)}`)] : []),
    ...(card.pendingEmail
      ? [Blocks.Context().elements(`New email ${escapeMrkdwn(card.pendingEmail)} awaits confirmation by its owner.`)]
      : []),
    Blocks.Section().fields(
      field('Title', card.title),
      field('Office', card.officePhone),
      field('Cellular', card.mobilePhone),
      field('Fax', card.faxPhone),
      `*Slack*\n${card.slackUserId ? `<@${card.slackUserId}>` : 'not linked'}`,
      `*Licenses*\n${card.licenses.length ? card.licenses.map(escapeMrkdwn).join(', ') : 'none'}`,
      field('Location', card.location),
      field('Extension', card.extension),
      field('Numbers', card.numbers.join(', ') || null),
      field('Devices', card.devices.join('\n') || null),
    ),
    Blocks.Section().fields(
      ...(card.loginId ? [field('User ID', card.loginId)] : []),
      field('Station', card.station),
      field('Applications', card.applications.join(', ') || null),
      field('Call groups', card.groups.join(', ') || null),
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
    text: `${card.fullName} (${card.email})`,
    blocks: Message()
      .blocks(...blocks)
      .getBlocks(),
  };
}
