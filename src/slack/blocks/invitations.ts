import { formatDistanceStrict } from 'date-fns';
import { Blocks, Elements, Message } from 'slack-block-builder';
import type { InvitePreview, ImportResult } from '../../services/invitation-import.ts';
import type { InvitationLine } from '../../services/invitations.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';

export const IMPORT_ACTION = 'invitations_import';
export const IMPORT_CANCEL_ACTION = 'invitations_import_cancel';
export const INVITATION_RESEND_ACTION = 'invitation_resend';
export const INVITATION_REVOKE_ACTION = 'invitation_revoke';

function message(text: string, ...extra: ReturnType<typeof Blocks.Context>[]) {
  return {
    text,
    blocks: Message()
      .blocks(Blocks.Section({ text }), ...extra)
      .getBlocks(),
  };
}

function previewLines(fileName: string, preview: InvitePreview): string {
  const short = preview.seatsAvailable !== null && preview.seatsNeeded > preview.seatsAvailable;
  const seats =
    preview.seatsAvailable === null
      ? `Seats needed: ${preview.seatsNeeded}`
      : `Seats needed: ${preview.seatsNeeded} of ${preview.seatsAvailable} available${short ? ' — *not enough seats*: add some with `/licenses add` first' : ''}`;
  const invalid = preview.firstInvalid.map((row) => `• line ${row.line}: ${escapeMrkdwn(row.reason)}`);
  if (preview.invalid > preview.firstInvalid.length)
    invalid.push(`• … and ${preview.invalid - preview.firstInvalid.length} more`);
  return [
    `*Dry run of ${escapeMrkdwn(fileName)}* for ${escapeMrkdwn(preview.company)}${preview.product ? ` (licenses: ${escapeMrkdwn(preview.product)})` : ''} — nothing has changed yet.`,
    `${preview.rows} rows · *${preview.newPeople} new* · ${preview.alreadyUsers} already users · ${preview.alreadyInvited} already invited · ${preview.duplicates} duplicate rows · ${preview.invalid} invalid`,
    seats,
    ...(invalid.length ? ['Invalid rows (skipped):', ...invalid] : []),
  ].join('\n');
}

/** The dry run of an uploaded file, with Import / Cancel. */
export function importPreviewMessage(importId: string, fileName: string, preview: InvitePreview) {
  const text = previewLines(fileName, preview);
  const buttons = preview.newPeople
    ? [
        Elements.Button({ text: `Import ${preview.newPeople}`, actionId: IMPORT_ACTION, value: importId }).primary(),
        Elements.Button({ text: 'Cancel', actionId: IMPORT_CANCEL_ACTION, value: importId }),
      ]
    : [Elements.Button({ text: 'Dismiss', actionId: IMPORT_CANCEL_ACTION, value: importId })];
  return {
    text,
    blocks: Message()
      .blocks(Blocks.Section({ text }), Blocks.Actions().elements(...buttons))
      .getBlocks(),
  };
}

export function importProgressMessage(fileName: string, done: number, rows: number) {
  return message(`:hourglass_flowing_sand: Importing ${escapeMrkdwn(fileName)}: ${done} of ${rows} rows…`);
}

export function importDoneMessage(fileName: string, result: ImportResult) {
  return message(
    `:white_check_mark: Imported ${escapeMrkdwn(fileName)} into ${escapeMrkdwn(result.company)}: ${result.invited - result.waitingForLicense} invited, ${result.waitingForLicense} listed waiting for a license, ${result.skipped} rows skipped.`,
  );
}

export function importFailedMessage(fileName: string, reason: string) {
  return message(`:x: ${escapeMrkdwn(fileName)} was not imported, and nothing changed: ${escapeMrkdwn(reason)}`);
}

export function fileRefusedMessage(fileName: string, reason: string) {
  return message(`:x: ${escapeMrkdwn(fileName)} can't be imported, and nothing changed: ${escapeMrkdwn(reason)}`);
}

const STATUS = {
  waiting_license: 'listed, waiting for a license',
  sent: 'sent',
  expired: 'expired',
  declined: 'declined',
  revoked: 'revoked',
  accepted: 'accepted',
} as const;

/** How an invitation stands, for people: "sent by email, expires in 13 days". */
export function invitationStatusText(
  line: Pick<InvitationLine, 'status' | 'expiresAt' | 'deliveredVia'>,
  now = new Date(),
) {
  if (line.status !== 'sent') return STATUS[line.status];
  const via = line.deliveredVia ? ` by ${line.deliveredVia === 'slack' ? 'Slack DM' : 'email'}` : ', going out';
  const expires = line.expiresAt ? `, expires ${formatDistanceStrict(line.expiresAt, now, { addSuffix: true })}` : '';
  return `sent${via}${expires}`;
}

/** `/invites`: open invitations with Re-send and Revoke. */
export function invitesMessage(list: { lines: InvitationLine[]; total: number }, search: string) {
  if (!list.lines.length) {
    return message(
      search
        ? `No open invitations match “${escapeMrkdwn(search)}”.`
        : 'No open invitations. Invite people with `/invite`.',
    );
  }
  const sections = list.lines.map((line) => {
    const licenses = line.licenses.length ? line.licenses.map(escapeMrkdwn).join(', ') : 'no license';
    const section = Blocks.Section({
      text: `*${escapeMrkdwn(line.email)}* · ${escapeMrkdwn(line.company)}\n${invitationStatusText(line)} · ${licenses}`,
    });
    return [
      section,
      Blocks.Actions().elements(
        Elements.Button({ text: 'Re-send', actionId: INVITATION_RESEND_ACTION, value: line.userId }),
        Elements.Button({ text: 'Revoke', actionId: INVITATION_REVOKE_ACTION, value: line.userId }).danger(),
      ),
    ];
  });
  const more =
    list.total > list.lines.length
      ? `Showing ${list.lines.length} of ${list.total}: narrow with \`/invites <part of an email>\`.`
      : `${list.total} open invitation(s).`;
  return {
    text: `${list.total} open invitation(s).`,
    blocks: Message()
      .blocks(...sections.flat(), Blocks.Context().elements(more))
      .getBlocks(),
  };
}
