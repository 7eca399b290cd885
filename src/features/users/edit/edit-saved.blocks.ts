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
  const head = changes.length ? `:white_check_mark: Saved ${who}:` : `Saved ${who}: nothing had changed.`;
  const lines = changes.map(
    (change) => `• *${change.label}*: ${valueOf(change, change.before)} → ${valueOf(change, change.after)}`,
  );
  return {
    text: changes.length ? `Saved ${who}: ${changes.map((change) => change.label).join(', ')}` : head,
    blocks: Message()
      .blocks(Blocks.Section({ text: head }), ...packLines(lines, 10).map((text) => Blocks.Section({ text })))
      .getBlocks(),
  };
}
