import type { Logger, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { SlackViewDto } from 'slack-block-builder';
import { messageModal } from './modals.blocks.ts';
import { formNotOpened } from './form-not-opened.ts';
import { refusalMessage, refusalText } from './respond-error.ts';

/**
 * Opens the modal `build` makes for a click. A refusal is told to the clicker instead (so is
 * `broken`, for a button whose payload makes no sense): privately in the conversation, or — for a
 * click in App Home, which has no response_url — in a small modal. When Slack does not open the
 * form, they are told why (see formNotOpened) where that is possible, and it is logged.
 */
export async function openFromClick(
  click: { client: WebClient; respond?: RespondFn; triggerId: string; logger: Logger },
  build: () => Promise<Readonly<SlackViewDto>>,
  broken: string,
): Promise<void> {
  const { client, respond, triggerId, logger } = click;
  const tell = (text: string) => respond?.({ response_type: 'ephemeral', replace_original: false, text });
  let view;
  try {
    view = await build();
  } catch (error) {
    if (respond) await tell(refusalText(error) ?? broken);
    else
      await client.views.open({
        trigger_id: triggerId,
        view: messageModal('Not allowed', refusalMessage(error) ?? broken),
      });
    return;
  }
  try {
    await client.views.open({ trigger_id: triggerId, view });
  } catch (error) {
    const text = formNotOpened(error, logger, 'click');
    await tell(text);
  }
}
