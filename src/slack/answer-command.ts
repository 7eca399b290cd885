import type { AckFn, Context, RespondArguments } from '@slack/bolt';
import type { ActorRef } from '../core/actors.ts';
import { actorOf } from './actor.ts';
import { CommandArgs, CommandTextError } from './command-text.rules.ts';
import { escapeMrkdwn } from './mrkdwn.ts';
import { refusalText } from './respond-error.ts';
import { characterCount, quote } from '../core/text.rules.ts';
import { MAX_EMAIL_LENGTH } from '../core/users.rules.ts';

type Answer = string | { text: string; blocks?: unknown[] };

/**
 * Answers a text command privately with what `work` returns; a service's refusal becomes the
 * answer, arguments that can't be read are answered with what is wrong and `usage`. Anything
 * unexpected is acknowledged (so Slack gets its 200) and rethrown to the app's one error handler,
 * which logs it and tells the person on the command's response_url.
 */
export async function answerCommand(
  ack: AckFn<string | RespondArguments>,
  work: () => Promise<Answer>,
  usage?: string,
): Promise<void> {
  let answer: Answer;
  try {
    answer = await work();
  } catch (error) {
    const text = usage && error instanceof CommandTextError ? badArguments(error, usage) : refusalText(error);
    if (text === undefined) {
      await ack();
      throw error;
    }
    answer = text;
  }
  const message = typeof answer === 'string' ? { text: answer } : answer;
  await ack({ response_type: 'ephemeral', ...(message as RespondArguments) });
}

/**
 * A text command, read: its words (`help` answers `usage`) and the asker, then answered as
 * answerCommand answers — so each command's listener is only its grammar and its use cases.
 */
export function answerTextCommand(
  request: { command: { text: string }; ack: AckFn<string | RespondArguments>; context: Context },
  usage: string,
  work: (args: CommandArgs, actor: ActorRef) => Promise<Answer>,
): Promise<void> {
  return answerCommand(
    request.ack,
    async () => {
      const args = CommandArgs.read(request.command.text);
      if (args.wantsHelp()) return usage;
      return work(args, actorOf(request.context));
    },
    usage,
  );
}

/** What is wrong with a command's arguments, then how to use it. */
export function badArguments(error: CommandTextError, usage: string): string {
  return `${escapeMrkdwn(error.fields.command ?? error.message)}\n${usage}`;
}

/**
 * The `[email]` of a command that opens a form with it filled in (typed, or as Slack links it):
 * the email, none, or — for `help`, or text that is not one email — the answer to give instead.
 * `asTyped`: other text is filled in as typed instead (the form checks it).
 */
export function readEmailToFill(
  text: string,
  usage: string,
  { asTyped = false }: { asTyped?: boolean } = {},
): { email?: string; answer?: string } {
  let args: CommandArgs;
  try {
    args = CommandArgs.read(text);
  } catch (error) {
    if (error instanceof CommandTextError) return { answer: badArguments(error, usage) };
    throw error;
  }
  if (args.wantsHelp()) return { answer: usage };
  if (args.done) return {};
  const email = args.onlyEmail();
  if (email) return { email };
  // As typed — but never longer than an email can be: the form would not hold it.
  if (asTyped && characterCount(args.original) <= MAX_EMAIL_LENGTH) return { email: args.text() };
  return { answer: `${escapeMrkdwn(quote(args.original))} is not an email address. ${usage}` };
}
