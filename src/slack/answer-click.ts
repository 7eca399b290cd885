import type { RespondArguments } from '@slack/bolt';
import { refusalMessage } from './respond-error.ts';
import { tellPrivately, type Asker } from './tell.ts';

/** A message: plain mrkdwn words, or text with blocks (as the builders make them). */
type Message = string | { text: string; blocks?: unknown[] };

/**
 * What a click answers: a message only the clicker sees; `{ replace }`, a message that replaces
 * the one clicked (a card shown as it is now, the next page); nothing when `work` answered by
 * itself (a view it updated, a message it edited).
 */
type ClickAnswer = Message | { replace: Message };

const asMessage = (message: Message) => (typeof message === 'string' ? { text: message } : message) as RespondArguments;

/**
 * Acknowledges a click and answers it with what `work` returns. A refusal is told to the clicker
 * privately, and so is `broken` for a button or menu whose payload can't be read (BrokenPayload);
 * in App Home or a modal, where there is no response_url, in a small modal. Anything else is
 * rethrown to the app's one error handler, which logs it and tells the clicker.
 */
export async function answerClick(
  click: Asker & { ack: () => Promise<void> },
  work: () => Promise<ClickAnswer | void>,
  broken = 'That button is broken.',
): Promise<void> {
  await click.ack();
  let answer: ClickAnswer | void;
  try {
    answer = await work();
  } catch (error) {
    const message = refusalMessage(error, broken);
    if (message === undefined) throw error;
    await tellPrivately(click, message, 'Not allowed');
    return;
  }
  if (!answer) return;
  if (!click.respond) throw new Error('Only a click on a message can be answered with a message');
  if (typeof answer === 'object' && 'replace' in answer) {
    await click.respond({ replace_original: true, ...asMessage(answer.replace) });
  } else {
    await click.respond({ response_type: 'ephemeral', replace_original: false, ...asMessage(answer) });
  }
}
