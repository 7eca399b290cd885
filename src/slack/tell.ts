import type { RespondArguments } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { messageModal } from './modals.blocks.ts';
import { escapeMrkdwn } from './mrkdwn.ts';

/** Posts to the request's response_url (Bolt's `respond`, or the error handler's own). */
export type Respond = (message: RespondArguments) => Promise<unknown>;

/** What a request offers for speaking to the person after its ack. */
export interface Asker {
  client: WebClient;
  /** Set when the request has a response_url (a command, a click on a message). */
  respond?: Respond;
  /** The request: a click in App Home or in a modal has a trigger_id but no response_url. */
  body: { trigger_id?: string; view?: { type?: string } };
}

/**
 * Tells the person something only they see, wherever they asked: in the conversation when the
 * request has a response_url (never replacing the message they clicked), otherwise — a click in
 * App Home or in a modal — in a small modal (pushed onto the one they are in), which needs the
 * request's trigger_id. `message` is plain text. False when the request offers neither.
 */
export async function tellPrivately(asker: Asker, message: string, title: string): Promise<boolean> {
  if (asker.respond) {
    await asker.respond({ response_type: 'ephemeral', replace_original: false, text: escapeMrkdwn(message) });
    return true;
  }
  const triggerId = asker.body.trigger_id;
  if (!triggerId) return false;
  const view = messageModal(title, message);
  if (asker.body.view?.type === 'modal') await asker.client.views.push({ trigger_id: triggerId, view });
  else await asker.client.views.open({ trigger_id: triggerId, view });
  return true;
}
