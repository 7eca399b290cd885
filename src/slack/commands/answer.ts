import type { AckFn, RespondArguments } from '@slack/bolt';
import { refusalText } from '../respond-error.ts';

type Answer = string | { text: string; blocks?: unknown[] };

/**
 * Answers a text command privately with what `work` returns; a service's refusal becomes the
 * answer, anything unexpected is rethrown for Bolt to log.
 */
export async function answerCommand(ack: AckFn<string | RespondArguments>, work: () => Promise<Answer>): Promise<void> {
  let answer: Answer;
  try {
    answer = await work();
  } catch (error) {
    const text = refusalText(error);
    if (!text) throw error;
    answer = text;
  }
  const message = typeof answer === 'string' ? { text: answer } : answer;
  await ack({ response_type: 'ephemeral', ...(message as RespondArguments) });
}
