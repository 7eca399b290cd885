import { Blocks, Message } from 'slack-block-builder';
import { escapeFit, packLines } from '../../../slack/fit.ts';
import type { EditChange } from './edit-user.ts';

const NONE = '—';

function valueOf(change: EditChange, value: string | null): string {
  if (value === null) return change.slack ? 'not linked' : NONE;
  return change.slack ? `<@${value}>` : `“${escapeFit(value, 400)}”`;
}

/**
 * The private confirmation after Edit is saved: what changed, old → new. `pending` says the new
 * login email waits for its owner's confirmation.
 */
export function editSavedMessage(user: { fullName: string; email: string }, changes: EditChange[]) {
  const who = `${escapeFit(user.fullName, 400)} (${escapeFit(user.email, 260)})`;
  const head = changes.length
    ? `:white_check_mark: Saved ${who}:`
    : `Saved ${who}: nothing had changed, every field was as it is now.`;
  const lines = changes.map(
    (change) => `• *${change.label}*: ${valueOf(change, change.before)} → ${valueOf(change, change.after)}`,
  );
  return {
    text: notificationText(user, changes),
    blocks: Message()
      .blocks(Blocks.Section({ text: head }), ...packLines(lines, 10).map((text) => Blocks.Section({ text })))
      .getBlocks(),
  };
}

/**
 * The message's text, shown in notifications as it is: the names not escaped for mrkdwn (an
 * entity would show as "&amp;"), with the characters Slack would read as markup replaced by
 * look-alikes, so a name can't mention or link.
 */
function notificationText(user: { fullName: string; email: string }, changes: EditChange[]): string {
  const plain = (text: string) => text.replace(/</g, '‹').replace(/>/g, '›').replace(/&/g, '＆').slice(0, 400);
  const who = `${plain(user.fullName)} (${plain(user.email)})`;
  return changes.length
    ? `Saved ${who}: ${changes.map((change) => change.label).join(', ')}`
    : `Saved ${who}: nothing had changed.`;
}
