import type { Tx } from '../db/client.ts';
import type { InputJsonValue } from '../db/generated/internal/prismaNamespace.ts';
import type { Announcement, NoticeData } from './notices.rules.ts';
import { asPerson, type Actor } from './actors.ts';

/** How a notice relates to earlier ones (all in the same destination). */
export interface Placement {
  /** Names this notice so later ones can revise it or follow up on it. */
  key?: string;
  /** Replaces the message of the notice with this key (e.g. the outcome of a request). */
  revises?: string;
  /** Replies under the message of the notice with this key (a thread). */
  followsUp?: string;
}

/**
 * Queues a notice for `destination` (a Slack channel id, or a Slack user id for a DM) in the
 * caller's transaction: it is sent only if the change it announces commits. The outbox takes any
 * slice's notice: name its type where the notice is written out here
 * (`enqueueNotice<UserEditedNotice>(tx, channel, { type: 'user.edited', … })`), so it is checked.
 */
export async function enqueueNotice<N extends NoticeData = NoticeData>(
  tx: Tx,
  destination: string,
  notice: NoInfer<N>,
  placement: Placement = {},
): Promise<void> {
  await tx.outboxMessage.create({
    data: {
      destination,
      // Notices are plain JSON data by construction; Prisma's type just can't see it.
      notice: notice as unknown as InputJsonValue,
      key: placement.key,
      revisesKey: placement.revises,
      followsUpKey: placement.followsUp,
    },
  });
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * Queues a notice for the announcements channel, naming the actor who did it. Name the notice's
 * type: `announce<LicenseNotice>(tx, channel, actor, { type: 'licenses.added', … })`.
 */
export function announce<N extends Announcement = Announcement>(
  tx: Tx,
  channel: string,
  actor: Actor,
  notice: NoInfer<DistributiveOmit<N, 'audience' | 'by'>>,
): Promise<void> {
  return enqueueNotice<Announcement>(tx, channel, { ...notice, audience: 'channel', by: asPerson(actor) });
}
