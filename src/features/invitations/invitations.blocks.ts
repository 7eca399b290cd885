import { formatDistanceStrict } from 'date-fns/formatDistanceStrict';
import { Bits, Blocks, Elements, Message } from 'slack-block-builder';
import type { InvitePreview, ImportResult } from './invitation-import.ts';
import type { InvitationLine } from './invitations.ts';
import { escapeMrkdwn } from '../../slack/mrkdwn.ts';
import { chars, escapeFit, joinFitted } from '../../slack/fit.ts';
import { pagePosition } from '../../core/lists.rules.ts';
import { plural } from '../../core/words.rules.ts';

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
    `${plural(preview.rows, 'row')} · *${preview.newPeople} new* · ${preview.alreadyUsers} already users · ${preview.alreadyInvited} already invited · ${plural(preview.duplicates, 'duplicate row')} · ${preview.invalid} invalid`,
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
  return message(`:hourglass_flowing_sand: Importing ${fileOf(fileName)}: ${done} of ${plural(rows, 'row')}…`);
}

export function importDoneMessage(fileName: string, result: ImportResult) {
  return message(
    `:white_check_mark: Imported ${fileOf(fileName)} into ${companyOf(result.company)}: ${result.invited - result.waitingForLicense} invited, ${result.waitingForLicense} listed waiting for a license, ${plural(result.skipped, 'row')} skipped.`,
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

/** Open invitations a page of `/invites` shows: 2 blocks each, and the page's head and buttons, in 50 blocks. */
export const INVITES_PAGE_SIZE = 20;
export const INVITES_PAGE_ACTION = 'invites_page';
/** The longest search a page's buttons carry, so they can show the same list again (a value holds 2,000). */
const MAX_CARRIED_SEARCH = 500;

/** What a button of an `/invites` page carries: the invitation (none for Previous / Next) and the list it is in. */
export interface InvitesPlace {
  id?: string;
  /** The search and the first row's offset of the page. */
  s: string;
  o: number;
}

/**
 * `/invites`: open invitations, where the page is ("21–40 of 57") with Previous / Next, and
 * Re-send and Revoke (which asks first). `note` says what a click just did, above the list it refreshed.
 */
export function invitesMessage(
  list: { lines: InvitationLine[]; total: number; offset?: number },
  search: string,
  note?: string,
) {
  const offset = list.offset ?? 0;
  const head = note ? [Blocks.Section({ text: note })] : [];
  if (!list.lines.length) {
    const none = search
      ? `No open invitations match “${escapeFit(search, 500)}”.`
      : 'No open invitations. Invite people with `/inviteusers`.';
    return {
      text: note ? `${note} ${none}` : none,
      blocks: Message()
        .blocks(...head, Blocks.Section({ text: none }))
        .getBlocks(),
    };
  }
  // Re-send and Revoke carry the list they are in, so it can be shown again after the click —
  // unless the search is too long to carry; then the click is answered privately.
  const carried = chars(search) <= MAX_CARRIED_SEARCH;
  const valueOf = (place: InvitesPlace) => JSON.stringify(place);
  const lines = list.lines.slice(0, INVITES_PAGE_SIZE);
  const sections = lines.map((line) => {
    const licenses = line.licenses.length ? joinFitted(line.licenses.map(escapeMrkdwn), 2000) : 'no license';
    const section = Blocks.Section({
      text: `*${escapeFit(line.email, 260)}* · ${escapeFit(line.company, 500)}\n${invitationStatusText(line)} · ${licenses}`,
    });
    const value = carried ? valueOf({ id: line.userId, s: search, o: offset }) : line.userId;
    return [
      section,
      Blocks.Actions().elements(
        Elements.Button({ text: 'Re-send', actionId: INVITATION_RESEND_ACTION, value }),
        revokeButton(value, line.email),
      ),
    ];
  });
  const position = pagePosition(offset + 1, lines.length, list.total);
  const pages = carried
    ? [
        offset > 0 &&
          Elements.Button({
            text: '‹ Previous',
            actionId: `${INVITES_PAGE_ACTION}_previous`,
            value: valueOf({ s: search, o: Math.max(0, offset - INVITES_PAGE_SIZE) }),
          }),
        offset + lines.length < list.total &&
          Elements.Button({
            text: 'Next ›',
            actionId: `${INVITES_PAGE_ACTION}_next`,
            value: valueOf({ s: search, o: offset + INVITES_PAGE_SIZE }),
          }),
      ].filter((button) => button !== false)
    : [];
  const hint = list.total > lines.length && !pages.length ? ': narrow with `/invites <part of an email>`' : '';
  const title = `Open invitations${search ? ` matching “${escapeFit(search, 500)}”` : ''}`;
  return {
    text: `${note ? `${note} ` : ''}${title}: ${position}.`,
    blocks: Message()
      .blocks(
        ...head,
        Blocks.Section({ text: `*${title}* — ${position}${hint}` }),
        ...sections.flat(),
        ...(pages.length ? [Blocks.Actions().elements(...pages)] : []),
      )
      .getBlocks(),
  };
}

/** Revoke, asking first: the link stops working and the seats are freed. Also on the user's card. */
export function revokeButton(value: string, email: string, text = 'Revoke') {
  return Elements.Button({ text, actionId: INVITATION_REVOKE_ACTION, value })
    .danger()
    .confirm(
      Bits.ConfirmationDialog({
        title: 'Revoke the invitation?',
        text: `The invitation link sent to ${escapeFit(email, 120)} stops working, and the license seats they hold are free again. They stay listed; *Re-send* invites them again.`,
        confirm: 'Revoke',
        deny: 'Cancel',
      }).danger(),
    );
}
