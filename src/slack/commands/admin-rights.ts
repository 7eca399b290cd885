import type { App } from '@slack/bolt';
import { parseDuration } from '../../domain/durations.ts';
import { emailSchema } from '../../domain/users.ts';
import { listApprovals, type TargetRef } from '../../services/approvals.ts';
import { actorOf } from '../actor.ts';
import { approvalsMessage, requestAdminModal } from '../blocks/admin-rights.ts';
import type { SlackDeps } from '../deps.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import { refusalText } from '../respond-error.ts';

export const GRANT_COMMAND = '/grantadmin';
export const REQUEST_COMMAND = '/requestadmin';
export const APPROVALS_COMMAND = '/approvals';
const GRANT_USAGE =
  'Usage: `/grantadmin name@example.com [for 8 hours] [reason]` (or `@someone` instead of the email).';

/** Reads "[for <duration>] [reason]": the duration is one or two words after "for". */
export function readDurationAndReason(words: string[]): { duration?: string; reason: string } {
  if (words[0]?.toLowerCase() !== 'for') return { reason: words.join(' ') };
  for (const take of [2, 1]) {
    const candidate = words.slice(1, 1 + take).join(' ');
    if (parseDuration(candidate).ok) return { duration: candidate, reason: words.slice(1 + take).join(' ') };
  }
  return { duration: words.slice(1, 3).join(' '), reason: words.slice(3).join(' ') };
}

/** "<@U123|ada>" (a mention, as Slack escapes it) or an email. */
function readTarget(word: string | undefined): { ref: TargetRef; text: string } | undefined {
  const mention = /^<@([UW][A-Z0-9]+)(?:\|([^>]*))?>$/.exec(word ?? '');
  if (mention) return { ref: { slackUserId: mention[1]! }, text: mention[2] ? `@${mention[2]}` : `<@${mention[1]}>` };
  const email = emailSchema.safeParse(word ?? '');
  return email.success ? { ref: { email: email.data }, text: email.data } : undefined;
}

/** `/grantadmin`, `/requestadmin` open the request form; `/approvals` lists what waits. */
export function register(app: App, { db }: SlackDeps): void {
  app.command(GRANT_COMMAND, async ({ command, ack, client }) => {
    const [first, ...rest] = command.text.trim().split(/\s+/).filter(Boolean);
    const target = readTarget(first);
    if (!target) {
      await ack({
        response_type: 'ephemeral',
        text: first ? `“${escapeMrkdwn(first)}” is neither an email nor a @mention. ${GRANT_USAGE}` : GRANT_USAGE,
      });
      return;
    }
    await ack();
    const { duration, reason } = readDurationAndReason(rest);
    await client.views.open({
      trigger_id: command.trigger_id,
      view: requestAdminModal({ target: target.ref, targetText: target.text, reason, duration }),
    });
  });

  app.command(REQUEST_COMMAND, async ({ command, ack, client }) => {
    await ack();
    const { duration, reason } = readDurationAndReason(command.text.trim().split(/\s+/).filter(Boolean));
    await client.views.open({
      trigger_id: command.trigger_id,
      view: requestAdminModal({ target: { slackUserId: command.user_id }, targetText: 'yourself', reason, duration }),
    });
  });

  app.command(APPROVALS_COMMAND, async ({ ack, context }) => {
    try {
      await ack({ response_type: 'ephemeral', ...approvalsMessage(await listApprovals(db, actorOf(context))) });
    } catch (error) {
      const text = refusalText(error);
      if (!text) throw error;
      await ack({ response_type: 'ephemeral', text });
    }
  });
}
