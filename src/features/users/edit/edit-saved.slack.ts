import type { WebClient } from '@slack/web-api';
import type { ActorRef } from '../../../core/actors.ts';
import type { Database } from '../../../db/client.ts';
import { userCardMessage } from '../card/user-card.blocks.ts';
import { showUser } from '../directory/directory.ts';
import { editSavedMessage } from './edit-saved.blocks.ts';
import type { EditChange } from './edit-user.ts';

/** The longest response_url the Edit form's metadata keeps (its reader refuses longer ones). */
export const MAX_RESPONSE_URL = 500;

interface SavedBy {
  client: WebClient;
  db: Database;
  actor: ActorRef;
  /** The Slack user who saved. */
  person: string;
  /** The response_url of the card Edit was opened from, if it was. */
  responseUrl?: string;
}

/**
 * After Edit is saved (and its form closed): the card Edit was opened from is replaced with the
 * user as they are now, and the admin is told privately what changed, under it. Without a card to
 * answer on (or when its response_url no longer takes answers), the list comes as a direct message.
 */
export async function tellEditSaved(
  by: SavedBy,
  saved: { user: { id: string; fullName: string; email: string }; changes: EditChange[] },
): Promise<void> {
  const message = editSavedMessage(saved.user, saved.changes);
  const url = by.responseUrl && fromSlack(by.responseUrl, by.client) ? by.responseUrl : undefined;
  if (url) {
    const card = userCardMessage(await showUser(by.db, by.actor, saved.user.id));
    if (
      (await post(url, { replace_original: true, ...card })) &&
      (await post(url, { response_type: 'ephemeral', replace_original: false, ...message }))
    ) {
      return;
    }
  }
  await by.client.chat.postMessage({ channel: by.person, text: message.text, blocks: message.blocks as never });
}

/**
 * Only Slack's own response URLs are answered on (the form's metadata could be tampered with):
 * hooks.slack.com, or the host of the Web API the app is configured with.
 */
function fromSlack(url: string, client: WebClient): boolean {
  try {
    const origin = new URL(url).origin;
    return origin === 'https://hooks.slack.com' || origin === new URL(client.slackApiUrl).origin;
  } catch {
    return false;
  }
}

/** Posts to a response_url; false when Slack does not take it (expired, used up). */
async function post(url: string, body: object): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      // A response_url answers where it is; a redirect could lead anywhere.
      redirect: 'error',
      signal: AbortSignal.timeout(5_000),
    });
    return response.ok;
  } catch {
    return false;
  }
}
