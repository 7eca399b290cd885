import type { Tx } from '../db/client.ts';

/**
 * Locks a Slack account until the transaction ends, before checking that no other user holds it
 * and linking it. The unique index on (slack_team_id, slack_user_id) can't see a clash while a
 * workspace is not known yet (NULLs are never equal), and several workspaces are coming, so every
 * way of linking an account takes this lock: two links of one account happen one after the other.
 */
export async function lockSlackAccount(tx: Tx, slackUserId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`slack-user:${slackUserId}`}))`;
}
