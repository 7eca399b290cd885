import { Blocks, Elements, Message } from 'slack-block-builder';
import { describeMinutes } from '../../domain/durations.ts';
import type { AdminGrantEndedNotice, AdminRequestNotice, AdminRequestUpdateNotice } from '../../domain/notices.ts';
import { escapeMrkdwn, mention, slackDate } from '../mrkdwn.ts';

export const APPROVE_ACTION = 'admin_approve';
export const DENY_ACTION = 'admin_deny';

type Rendered = { text: string; blocks: ReturnType<ReturnType<typeof Message>['getBlocks']> };

const forHowLong = (minutes: number | null) => (minutes ? `for ${describeMinutes(minutes)}` : 'until removed');

function outcome(notice: AdminRequestNotice): string {
  switch (notice.status) {
    case 'pending':
      return `Approvals: ${notice.approvedBy.length} of ${notice.required}${notice.approvedBy.length ? ` (${notice.approvedBy.map(escapeMrkdwn).join(', ')})` : ''}`;
    case 'approved':
      return `:white_check_mark: *Approved* by ${notice.approvedBy.map(escapeMrkdwn).join(', ')}; ${escapeMrkdwn(notice.target.fullName)} is now an admin ${forHowLong(notice.grantMinutes)}.`;
    case 'denied':
      return `:no_entry: *Denied* by ${escapeMrkdwn(notice.decidedBy ?? 'an approver')}${notice.comment ? `: “${escapeMrkdwn(notice.comment)}”` : '.'}`;
    case 'cancelled':
      return ':heavy_multiplication_x: *Cancelled* by the requester.';
    case 'expired':
      return ':hourglass: *Expired* without enough approvals.';
  }
}

/** The request in the approvers' channel: who, for whom, why, how long, progress, Approve / Deny while pending. */
export function renderAdminRequest(notice: AdminRequestNotice): Rendered {
  const who = `${escapeMrkdwn(notice.target.fullName)} (${escapeMrkdwn(notice.target.email)}) of ${escapeMrkdwn(notice.company)}`;
  const text = `Admin rights requested for ${who} by ${mention(notice.requester)}`;
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
        text: `:key: *Admin rights requested* for ${who}\nAsked by ${mention(notice.requester)} · ${forHowLong(notice.grantMinutes)}\n*Reason:* ${escapeMrkdwn(notice.reason)}`,
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
  const name = escapeMrkdwn(notice.target.fullName);
  const by = escapeMrkdwn(notice.by ?? '');
  const comment = notice.comment ? `: “${escapeMrkdwn(notice.comment)}”` : '.';
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
      return `Reminder: this still needs ${notice.required - notice.given} more approval(s); it expires ${slackDate(new Date(notice.expiresAt))}.`;
  }
}

export function renderAdminRequestUpdate(notice: AdminRequestUpdateNotice): Rendered {
  const text = updateText(notice);
  return { text, blocks: Message().blocks(Blocks.Section({ text })).getBlocks() };
}

export function renderGrantEnded(notice: AdminGrantEndedNotice): Rendered {
  const name = escapeMrkdwn(notice.user.fullName);
  const company = escapeMrkdwn(notice.company);
  const text = notice.kept
    ? notice.audience === 'channel'
      ? `The time-bound admin rights of ${name} (${escapeMrkdwn(notice.user.email)}) ended, but they are the last active admin of ${company}, so they stay admin. Make someone else an admin, then remove theirs.`
      : `Your time-bound admin rights ended, but you are the last active admin of ${company}, so you stay admin for now.`
    : notice.audience === 'channel'
      ? `The time-bound admin rights of ${name} (${escapeMrkdwn(notice.user.email)}) of ${company} ended.`
      : 'Your time-bound Switchboard admin rights ended.';
  return {
    text,
    blocks: Message()
      .blocks(Blocks.Section({ text: `:hourglass_flowing_sand: ${text}` }))
      .getBlocks(),
  };
}
