import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { SlackViewDto } from 'slack-block-builder';
import { refusalText } from './respond-error.ts';

/**
 * Opens the modal `build` makes for a click on a message; a refusal (or a broken button) is told
 * to the clicker privately instead.
 */
export async function openFromClick(
  click: { client: WebClient; respond: RespondFn; triggerId: string },
  build: () => Promise<Readonly<SlackViewDto>>,
  broken: string,
): Promise<void> {
  try {
    await click.client.views.open({ trigger_id: click.triggerId, view: await build() });
  } catch (error) {
    await click.respond({ response_type: 'ephemeral', replace_original: false, text: refusalText(error) ?? broken });
  }
}
