import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Listeners } from '../../slack/listeners.ts';
import { personName } from '../../core/users.rules.ts';
import { asksForHelp, CommandArgs as CommandText, CommandTextError } from '../../slack/command-text.rules.ts';
import { MAX_DURATION_LENGTH, parseDuration } from '../../core/durations.rules.ts';
import { characterCount } from '../../core/text.rules.ts';
import { reasonSchema } from './admin-requests.rules.ts';
import { listApprovals } from './list-approvals.ts';
import { requestFormTarget, type TargetRef } from './request-admin.ts';
import { actorOf } from '../../slack/actor.ts';
import { approvalsMessage, requestAdminModal } from './admin-rights.blocks.ts';
import type { SlackDeps } from '../../slack/deps.ts';
import { answerCommand, badArguments } from '../../slack/answer-command.ts';
import { openFromCommand } from '../../slack/open-from-command.ts';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export const GRANT_COMMAND = '/grantadmin';
export const REQUEST_COMMAND = '/requestadmin';
export const APPROVALS_COMMAND = '/approvals';
const GRANT_USAGE =
  'Usage: `/grantadmin name@example.com [for 8 hours] [reason]` (or `@someone` instead of the email).';
const REQUEST_USAGE =
  'Usage: `/requestadmin [for 8 hours] [reason]` — ask the approvers for admin rights for yourself.';
const APPROVALS_USAGE =
  'Usage: `/approvals` — the requests you may decide, your own requests, and your time-bound admin rights.';

const durationTooLong = new CommandTextError(
  `A duration has at most ${MAX_DURATION_LENGTH} characters, e.g. for 8 hours.`,
);

/** Reads "[for <duration>] [reason]": the duration is one or two words after "for". */
export function readDurationAndReason(words: string[]): { duration?: string; reason: string } {
  if (words[0]?.toLowerCase() !== 'for') return { reason: words.join(' ') };
  for (const take of [2, 1]) {
    const candidate = words.slice(1, 1 + take).join(' ');
    if (parseDuration(candidate).ok) return { duration: candidate, reason: words.slice(1 + take).join(' ') };
  }
  return { duration: words.slice(1, 3).join(' '), reason: words.slice(3).join(' ') };
}

/**
 * The text of `/grantadmin` (`withTarget`: a person first — an @mention, or an email, typed or as
 * Slack links it) or `/requestadmin`: the person and the words of "[for <duration>] [reason]";
 * or what to answer instead (the usage for `help`, or what is wrong).
 */
function readRequestText(
  text: string,
  usage: string,
  withTarget: boolean,
): { target?: TargetRef; words: string[] } | { answer: string } {
  try {
    const args = CommandText.read(text);
    if (args.wantsHelp() || (withTarget && args.done)) return { answer: usage };
    const target = withTarget ? args.person() : undefined;
    return { target, words: args.remaining.map((token) => token.text) };
  } catch (error) {
    if (!(error instanceof CommandTextError)) throw error;
    return { answer: badArguments(error, usage) };
  }
}

/** `/grantadmin`, `/requestadmin` open the request form; `/approvals` lists what waits. */
export function register(app: Listeners, { db, settings }: SlackDeps): void {
  /**
   * The request form for the person the command's text names (`withTarget`; else the asker),
   * opened only if the asker may submit it (see requestFormTarget).
   */
  const openRequestForm = (args: CommandArgs, usage: string, withTarget: boolean) =>
    openFromCommand(args, async () => {
      const read = readRequestText(args.command.text, usage, withTarget);
      if ('answer' in read) return read.answer;
      const { duration, reason } = readDurationAndReason(read.words);
      // What the form could not hold is refused here, in the words its submission would use.
      if (duration && characterCount(duration) > MAX_DURATION_LENGTH) return badArguments(durationTooLong, usage);
      const typedReason = reason ? reasonSchema.safeParse(reason) : undefined;
      if (typedReason && !typedReason.success)
        return badArguments(new CommandTextError(typedReason.error.issues[0]!.message), usage);
      const target = read.target ?? { slackUserId: args.command.user_id };
      const found = await requestFormTarget(db, settings, actorOf(args.context), target);
      const targetText = found.self ? 'yourself' : personName(found);
      return requestAdminModal({ target: { userId: found.id }, targetText, reason, duration });
    });

  app.command(GRANT_COMMAND, (args) => openRequestForm(args, GRANT_USAGE, true));
  app.command(REQUEST_COMMAND, (args) => openRequestForm(args, REQUEST_USAGE, false));

  app.command(APPROVALS_COMMAND, ({ command, ack, context }) =>
    answerCommand(ack, async () => {
      if (asksForHelp(command.text)) return APPROVALS_USAGE;
      return approvalsMessage(await listApprovals(db, actorOf(context)));
    }),
  );
}
