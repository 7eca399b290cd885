import type { Tx } from '../db/client.ts';
import type { InputJsonValue } from '../db/generated/internal/prismaNamespace.ts';
import type { Notice } from '../domain/notices.ts';

/**
 * Queues a notice for `destination` (a Slack channel id, or a Slack user id for a DM) in the
 * caller's transaction: it is sent only if the change it announces commits.
 */
export async function enqueueNotice(tx: Tx, destination: string, notice: Notice): Promise<void> {
  // Notices are plain JSON data by construction; Prisma's type just can't see it.
  await tx.outboxMessage.create({ data: { destination, notice: notice as unknown as InputJsonValue } });
}
