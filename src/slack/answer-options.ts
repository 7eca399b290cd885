import { refusalMessage } from './respond-error.ts';

/**
 * Answers a menu's search (block_suggestion) with the options `work` finds. A refusal, or a form
 * whose metadata can't be read (BrokenPayload), gets no options: Slack shows "no results", which
 * is all a menu can say. Anything else is answered the same way and rethrown to the app's one error
 * handler, which logs it (a search's answer is its ack: nobody can be told more).
 */
export async function answerOptions<O>(
  ack: (response: { options: O[] }) => Promise<void>,
  work: () => Promise<{ options: O[] }>,
): Promise<void> {
  let found: { options: O[] };
  try {
    found = await work();
  } catch (error) {
    await ack({ options: [] });
    if (refusalMessage(error, '') === undefined) throw error;
    return;
  }
  await ack(found);
}
