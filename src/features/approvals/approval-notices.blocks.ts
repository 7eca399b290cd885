import { Blocks, Elements, Message } from 'slack-block-builder';
import { describeMinutes } from '../../core/durations.rules.ts';
import type { AdminGrantEndedNotice, AdminRequestNotice, AdminRequestUpdateNotice } from './approval-notices.rules.ts';
import { slackDate } from '../../slack/mrkdwn.ts';
import { escapeFit, fitMrkdwn, joinFitted, mentionFit, TEXT_LIMIT } from '../../slack/fit.ts';
import type { RenderedNotice } from '../../slack/rendered-notice.blocks.ts';
import type { Person } from '../../core/notices.rules.ts';
import { plural } from '../../core/words.rules.ts';

export const APPROVE_ACTION = 'admin_approve';
export const DENY_ACTION = 'admin_deny';

const forHowLong = (minutes: number | null) => (minutes ? `for ${describeMinutes(minutes)}` : 'until removed');
// Values are kept short enough for a notice to fit a section (3000 characters) however they are escaped.
const nameOf = (fullName: string) => escapeFit(fullName, 400);
/** An approver named as the requester is; a string is an email from a notice written before. */
const person = (someone: Person | string, max = 300) =>
  typeof someone === 'string' ? escapeFit(someone, max) : mentionFit(someone, max);
const labels = (approvers: (Person | string)[], max: number) =>
  joinFitted(
    approvers.map((approver) => person(approver)),
    max,
  );

function outcome(notice: AdminRequestNotice): string {
  switch (notice.status) {
    case 'pending':
      return `Approvals: ${notice.approvedBy.length} of ${notice.required}${notice.approvedBy.length ? ` (${labels(notice.approvedBy, 2500)})` : ''}`;
    case 'approved':
      return `:white_check_mark: *Approved* by ${labels(notice.approvedBy, 2000)}; ${nameOf(notice.target.fullName)} is now an admin ${forHowLong(notice.grantMinutes)}.`;
    case 'denied':
      return `:no_entry: *Denied* by ${notice.decidedBy ? person(notice.decidedBy) : 'an approver'}${notice.comment ? `: “${escapeFit(notice.comment, 2000)}”` : '.'}`;
    case 'cancelled':
      return ':heavy_multiplication_x: *Cancelled* by the requester.';
    case 'expired':
      return ':hourglass: *Expired* without enough approvals.';
  }
}

/** The request in the approvers' channel: who, for whom, why, how long, progress, Approve / Deny while pending. */
export function renderAdminRequest(notice: AdminRequestNotice): RenderedNotice {
  const who = `${mentionFit({ ...notice.target, slackUserId: null }, 560)} of ${escapeFit(notice.company, 700)}`;
  const text = `Admin rights requested for ${who} by ${mentionFit(notice.requester, 300)}`;
  const buttons =
    notice.status === 'pending'
      ? [
          Blocks.Actions().elements(
            Elements.Button({ text: 'Approve', actionId: APPROVE_ACTION, value: notice.requestId }).primary(),
            Elements.Button({ text: 'Deny', actionId: DENY_ACTION, value: notice.requestId }).danger(),
          ),
        ]
      : [];
  const blocks = Message()
    .blocks(
      Blocks.Section({
        text: fitMrkdwn(
          `:key: *Admin rights requested* for ${who}\nAsked by ${mentionFit(notice.requester, 300)} · ${forHowLong(notice.grantMinutes)}\n*Reason:* ${escapeFit(notice.reason, 1200)}`,
          TEXT_LIMIT,
        ),
      }),
      Blocks.Section({ text: outcome(notice) }),
      Blocks.Context().elements(
        notice.status === 'pending' ? `Expires ${slackDate(new Date(notice.expiresAt))}` : `Request ${notice.status}`,
      ),
      ...buttons,
    )
    .getBlocks();
  return { text, blocks };
}

function updateText(notice: AdminRequestUpdateNotice): string {
  const name = nameOf(notice.target.fullName);
  const by = notice.by ? person(notice.by) : '';
  const comment = notice.comment ? `: “${escapeFit(notice.comment, 1500)}”` : '.';
  const howLong = forHowLong(notice.grantMinutes);
  const subject = notice.audience === 'target' ? 'your admin rights' : `admin rights for ${name}`;
  switch (notice.event) {
    case 'approved_by':
      return `Approved by ${by} (${notice.given} of ${notice.required}).`;
    case 'granted':
      return notice.audience === 'target'
        ? `You are now a Switchboard admin ${howLong}, approved by ${by}.`
        : `Your request for ${subject} was approved by ${by}; ${name} is now an admin ${howLong}.`;
    case 'denied':
      return notice.audience === 'thread'
        ? `Denied by ${by}${comment}`
        : `The request for ${subject} was denied by ${by}${comment}`;
    case 'cancelled':
      return `Cancelled by ${by}.`;
    case 'expired':
      return notice.audience === 'thread'
        ? 'Expired without enough approvals.'
        : `The request for ${subject} expired without enough approvals. You may ask again.`;
    case 'reminder':
      return `Reminder: this still needs ${plural(notice.required - notice.given, 'more approval')}; it expires ${slackDate(new Date(notice.expiresAt))}.`;
  }
}

export function renderAdminRequestUpdate(notice: AdminRequestUpdateNotice): RenderedNotice {
  const text = updateText(notice);
  return { text, blocks: Message().blocks(Blocks.Section({ text })).getBlocks() };
}

export function renderAdminGrantEnded(notice: AdminGrantEndedNotice): RenderedNotice {
  const named = mentionFit({ ...notice.user, slackUserId: null }, 660);
  const company = escapeFit(notice.company, 1000);
  const text = notice.kept
    ? notice.audience === 'channel'
      ? `The time-bound admin rights of ${named} ended, but they are the last active admin of ${company}, so they stay admin. Make someone else an admin, then remove theirs.`
      : `Your time-bound admin rights ended, but you are the last active admin of ${company}, so you stay admin for now.`
    : notice.audience === 'channel'
      ? `The time-bound admin rights of ${named} of ${company} ended.`
      : 'Your time-bound Switchboard admin rights ended.';
  return {
    text,
    blocks: Message()
      .blocks(Blocks.Section({ text: `:hourglass_flowing_sand: ${text}` }))
      .getBlocks(),
  };
}
