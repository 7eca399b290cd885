import type { Logger } from '@slack/bolt';
import type { SlackViewDto } from 'slack-block-builder';
import { formNotOpened } from './form-not-opened.ts';
import { refusalMessage } from './respond-error.ts';
import { tellPrivately, type Asker } from './tell.ts';

/** What a click needs of Bolt's arguments (App Home and modals give no `respond`). */
interface Click extends Asker {
  ack: () => Promise<void>;
  body: Asker['body'] & { trigger_id: string };
  logger: Logger;
}

/**
 * Acknowledges a click and opens the modal `build` makes for it. A refusal is told to the clicker
 * instead, and so is `broken` for a button whose payload can't be read (BrokenPayload): privately
 * in the conversation, or — for a click in App Home, which has no response_url — in a small modal.
 * When Slack does not open the form, they are told why (see formNotOpened) where that is possible,
 * and it is logged. Anything else is rethrown to the app's one error handler.
 */
export async function openFromClick(
  click: Click,
  build: () => Promise<Readonly<SlackViewDto>>,
  broken: string,
): Promise<void> {
  await click.ack();
  let view;
  try {
    view = await build();
  } catch (error) {
    const message = refusalMessage(error, broken);
    if (message === undefined) throw error;
    await tellPrivately(click, message, 'Not allowed');
    return;
  }
  try {
    await click.client.views.open({ trigger_id: click.body.trigger_id, view });
  } catch (error) {
    const text = formNotOpened(error, click.logger, 'click');
    await click.respond?.({ response_type: 'ephemeral', replace_original: false, text });
  }
}
