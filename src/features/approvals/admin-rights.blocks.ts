import { Blocks, Elements, Message, Modal } from 'slack-block-builder';
import { describeMinutes } from '../../core/durations.rules.ts';
import type { ApprovalsOverview, RequestLine } from './list-approvals.ts';
import { slackDate } from '../../slack/mrkdwn.ts';
import { escapeFit, mentionFit } from '../../slack/fit.ts';
import { APPROVE_ACTION, DENY_ACTION } from './approval-notices.blocks.ts';
import { VALUE } from '../../slack/modals.blocks.ts';
import { MAX_COMMENT_LENGTH, MAX_REASON_LENGTH } from './admin-requests.rules.ts';
import { MAX_DURATION_LENGTH } from '../../core/durations.rules.ts';
import { plural } from '../../core/words.rules.ts';

export const REQUEST_ADMIN_VIEW = 'request_admin';
export const DENY_VIEW = 'deny_admin';
export const REQUEST_BLOCKS = { reason: 'reason', duration: 'duration' } as const;
export const DENY_BLOCKS = { comment: 'comment' } as const;
export const CANCEL_REQUEST_ACTION = 'admin_cancel';
export const END_GRANT_ACTION = 'admin_end_grant';

function textInput(
  blockId: string,
  label: string,
  initial: string | undefined,
  optional: boolean,
  hint: string,
  maxLength: number,
  multiline = false,
) {
  const input = Elements.TextInput({ actionId: VALUE, maxLength });
  if (multiline) input.multiline(true);
  if (initial) input.initialValue(initial);
  return Blocks.Input({ label, blockId }).optional(optional).hint(hint).element(input);
}

/** Asks for admin rights for someone: the reason (required) and, for a time-bound grant, how long. */
export function requestAdminModal(input: { target: unknown; targetText: string; reason?: string; duration?: string }) {
  return Modal({
    title: 'Request admin rights',
    submit: 'Request',
    close: 'Cancel',
    callbackId: REQUEST_ADMIN_VIEW,
    privateMetaData: JSON.stringify(input.target),
  })
    .blocks(
      Blocks.Section({ text: `Admin rights for *${escapeFit(input.targetText, 2000)}*. Approvers decide in Slack.` }),
      textInput(
        REQUEST_BLOCKS.reason,
        'Reason',
        input.reason,
        false,
        'Approvers decide on it.',
        MAX_REASON_LENGTH,
        true,
      ),
      textInput(
        REQUEST_BLOCKS.duration,
        'For how long',
        input.duration,
        true,
        'E.g. 8 hours or 7 days; empty: until removed.',
        MAX_DURATION_LENGTH,
      ),
    )
    .buildToObject();
}

export function denyModal(requestId: string) {
  return Modal({
    title: 'Deny admin rights',
    submit: 'Deny',
    close: 'Cancel',
    callbackId: DENY_VIEW,
    privateMetaData: requestId,
  })
    .blocks(
      textInput(
        DENY_BLOCKS.comment,
        'Comment',
        undefined,
        true,
        'Shown to the requester and in the thread.',
        MAX_COMMENT_LENGTH,
        true,
      ),
    )
    .buildToObject();
}

function requestText(request: RequestLine): string {
  const howLong = request.grantMinutes ? `for ${describeMinutes(request.grantMinutes)}` : 'until removed';
  // Each value is kept short enough for the whole to fit a section (3000 characters).
  return `*${escapeFit(request.target, 600)}* of ${escapeFit(request.company, 400)} · ${howLong}\nAsked by ${mentionFit(request.requester, 300)}: “${escapeFit(request.reason, 1500)}” · ${request.given} of ${plural(request.required, 'approval')} · ${request.status}`;
}

/** `/approvals`: requests to decide (Approve / Deny), one's own requests (Cancel), one's grants (End now). */
export function approvalsMessage(overview: ApprovalsOverview) {
  const decide = overview.toDecide
    .slice(0, 10)
    .flatMap((request) => [
      Blocks.Section({ text: requestText(request) }),
      Blocks.Actions().elements(
        Elements.Button({ text: 'Approve', actionId: APPROVE_ACTION, value: request.id }).primary(),
        Elements.Button({ text: 'Deny', actionId: DENY_ACTION, value: request.id }).danger(),
      ),
    ]);
  const mine = overview.mine
    .slice(0, 10)
    .map((request) =>
      request.status === 'pending'
        ? Blocks.Section({ text: requestText(request) }).accessory(
            Elements.Button({ text: 'Cancel', actionId: CANCEL_REQUEST_ACTION, value: request.id }),
          )
        : Blocks.Section({ text: requestText(request) }),
    );
  const grants = overview.grants
    .slice(0, 10)
    .map((grant) =>
      Blocks.Section({ text: `Your admin rights end ${slackDate(grant.endsAt)}.` }).accessory(
        Elements.Button({ text: 'End now', actionId: END_GRANT_ACTION, value: grant.id }),
      ),
    );
  const heading = (text: string) => Blocks.Section({ text: `*${text}*` });
  return {
    text: `Approvals: ${overview.toDecide.length} to decide.`,
    blocks: Message()
      .blocks(
        heading(`To decide (${overview.toDecide.length})`),
        ...(decide.length ? decide : [Blocks.Context().elements('Nothing waits for you.')]),
        heading('Your requests'),
        ...(mine.length ? mine : [Blocks.Context().elements('None.')]),
        ...(grants.length ? [heading('Your time-bound admin rights'), ...grants] : []),
      )
      .getBlocks(),
  };
}
