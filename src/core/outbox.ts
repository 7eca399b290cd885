import type { Database, Tx } from '../db/client.ts';
import type { InputJsonValue } from '../db/generated/internal/prismaNamespace.ts';
import type { Announcement, NoticeData } from './notices.rules.ts';
import { asPerson, type Actor } from './actors.ts';
import { distinctDestinations, type Destination } from './outbox.rules.ts';

export type { Destination } from './outbox.rules.ts';

/** How a notice relates to earlier ones (all in the same workspace and destination). */
export interface Placement {
  /** Names this notice so later ones can revise it or follow up on it. */
  key?: string;
  /** Replaces the message of the notice with this key (e.g. the outcome of a request). */
  revises?: string;
  /** Replies under the message of the notice with this key (a thread). */
  followsUp?: string;
}

/**
 * Queues a notice for each of `to` (a channel, or a Slack user for a DM, in a workspace: see
 * core/notice-routing.ts) in the caller's transaction: it is sent only if the change it announces
 * commits. One row per destination. The outbox takes any slice's notice: name its type where the
 * notice is written out here (`enqueueNotice<UserEditedNotice>(tx, to, { type: 'user.edited', … })`),
 * so it is checked.
 */
export async function enqueueNotice<N extends NoticeData = NoticeData>(
  tx: Tx,
  to: Destination | readonly Destination[],
  notice: NoInfer<N>,
  placement: Placement = {},
): Promise<void> {
  const destinations = distinctDestinations(to);
  if (!destinations.length) return;
  await tx.outboxMessage.createMany({
    data: destinations.map(({ workspace, channel }) => ({
      workspace,
      destination: channel,
      // Notices are plain JSON data by construction; Prisma's type just can't see it.
      notice: notice as unknown as InputJsonValue,
      key: placement.key,
      revisesKey: placement.revises,
      followsUpKey: placement.followsUp,
    })),
  });
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * Queues a notice for announcement channels, naming the actor who did it. Name the notice's
 * type: `announce<LicenseNotice>(tx, to, actor, { type: 'licenses.added', … })`.
 */
export function announce<N extends Announcement = Announcement>(
  tx: Tx,
  to: Destination | readonly Destination[],
  actor: Actor,
  notice: NoInfer<DistributiveOmit<N, 'audience' | 'by'>>,
): Promise<void> {
  return enqueueNotice<Announcement>(tx, to, { ...notice, audience: 'channel', by: asPerson(actor) });
}

/**
 * Puts the held notices of these workspaces back in the queue, in their order: the workspace was
 * installed again, or has a working token again. Returns how many.
 */
export function releaseHeldNotices(db: Database | Tx, workspaces: readonly string[]): Promise<number> {
  return db.$executeRaw`
    UPDATE outbox_message SET status = 'pending', next_attempt_at = now()
    WHERE status = 'held' AND workspace = ANY(${workspaces}::text[])`;
}
