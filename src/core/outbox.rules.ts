/**
 * How a notice in the outbox stands: pending (waiting, or waiting for a retry), sent, failed
 * (given up on), or held (its workspace has no token: uninstalled, tokens revoked; it goes back to
 * pending when the workspace is installed again). The same words as the database's `outbox_status`
 * (test/core/domain-words.test.ts); the dispatcher writes them in raw SQL, where Prisma's types
 * don't reach.
 */
export const OUTBOX_STATUSES = ['pending', 'sent', 'failed', 'held'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * Where a notice goes: a channel (or a Slack user id, for a DM) in a Slack workspace, whose token
 * sends it. `workspace` is a team id, or '' for the deployment's own workspace (SLACK_BOT_TOKEN).
 */
export interface Destination {
  workspace: string;
  channel: string;
}

/** One destination or several, each once, in the order given. */
export function distinctDestinations(to: Destination | readonly Destination[]): Destination[] {
  const all: readonly Destination[] = 'channel' in to ? [to] : to;
  const seen = new Set<string>();
  return all.filter(({ workspace, channel }) => {
    const id = `${workspace}\u0000${channel}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
