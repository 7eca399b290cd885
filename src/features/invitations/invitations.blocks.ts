import { formatDistanceStrict } from 'date-fns/formatDistanceStrict';
import { Blocks, Elements, Message } from 'slack-block-builder';
import type { InvitePreview, ImportResult } from './invitation-import.ts';
import type { InvitationLine } from './invitations.ts';
import { escapeMrkdwn } from '../../slack/mrkdwn.ts';
import { escapeFit, joinFitted } from '../../slack/fit.ts';

export const IMPORT_ACTION = 'invitations_import';
export const IMPORT_CANCEL_ACTION = 'invitations_import_cancel';
export const INVITATION_RESEND_ACTION = 'invitation_resend';
export const INVITATION_REVOKE_ACTION = 'invitation_revoke';

// A file's name, a company (path) and a refusal's reason, kept short enough for their section (3000).
const fileOf = (name: string) => escapeFit(name, 200);
const companyOf = (company: string) => escapeFit(company, 600);
const reasonOf = (reason: string) => escapeFit(reason, 2000);

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
  // Ten named invalid rows fit beside the rest: each reason (it quotes the cell) is cut at 100 characters.
  const invalid = preview.firstInvalid.map((row) => `• line ${row.line}: ${escapeFit(row.reason, 100)}`);
  if (preview.invalid > preview.firstInvalid.length)
    invalid.push(`• … and ${preview.invalid - preview.firstInvalid.length} more`);
  return [
    `*Dry run of ${fileOf(fileName)}* for ${companyOf(preview.company)}${preview.product ? ` (licenses: ${escapeFit(preview.product, 300)})` : ''} — nothing has changed yet.`,
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
  return message(`:hourglass_flowing_sand: Importing ${fileOf(fileName)}: ${done} of ${rows} rows…`);
}

export function importDoneMessage(fileName: string, result: ImportResult) {
  return message(
    `:white_check_mark: Imported ${fileOf(fileName)} into ${companyOf(result.company)}: ${result.invited - result.waitingForLicense} invited, ${result.waitingForLicense} listed waiting for a license, ${result.skipped} rows skipped.`,
  );
}

export function importFailedMessage(fileName: string, reason: string) {
  return message(`:x: ${fileOf(fileName)} was not imported, and nothing changed: ${reasonOf(reason)}`);
}

export function fileRefusedMessage(fileName: string, reason: string) {
  return message(`:x: ${fileOf(fileName)} can't be imported, and nothing changed: ${reasonOf(reason)}`);
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
        ? `No open invitations match “${escapeFit(search, 500)}”.`
        : 'No open invitations. Invite people with `/invite`.',
    );
  }
  // Two blocks an invitation and the line below them: 24 fit in a message's 50 blocks.
  const lines = list.lines.slice(0, 24);
  const sections = lines.map((line) => {
    const licenses = line.licenses.length ? joinFitted(line.licenses.map(escapeMrkdwn), 2000) : 'no license';
    const section = Blocks.Section({
      text: `*${escapeFit(line.email, 260)}* · ${escapeFit(line.company, 500)}\n${invitationStatusText(line)} · ${licenses}`,
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
    list.total > lines.length
      ? `Showing ${lines.length} of ${list.total}: narrow with \`/invites <part of an email>\`.`
      : `${list.total} open invitation(s).`;
  return {
    text: `${list.total} open invitation(s).`,
    blocks: Message()
      .blocks(...sections.flat(), Blocks.Context().elements(more))
      .getBlocks(),
  };
}
