/**
 * How a notice in the outbox stands: pending (waiting, or waiting for a retry), sent, or failed
 * (given up on). The same words as the database's `outbox_status` (test/core/domain-words.test.ts);
 * the dispatcher writes them in raw SQL, where Prisma's types don't reach.
 */
export const OUTBOX_STATUSES = ['pending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
