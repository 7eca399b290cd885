import type { Tx } from '../db/client.ts';
import type { InputJsonValue } from '../db/generated/internal/prismaNamespace.ts';
import { personLabel } from './users.rules.ts';

interface AuditEntry {
  /** Who did it: a stored user (id and email) or a system actor (no id, `system:<name>`). */
  actor: { id: string | null; label: string };
  action: string;
  /**
   * What it was done to, as it was then. A user's label is `Name <email>`, or the bare email while
   * they are invited and have no name yet; /audit <email> finds both after the user is deleted.
   */
  target: { type: string; id: string | null; label: string };
  organizationId: string | null;
  before?: InputJsonValue;
  after?: InputJsonValue;
}

/** The target and the company of an event about a user, the user labelled as the trail names users. */
export function userTarget(
  user: Parameters<typeof personLabel>[0] & { id: string; organizationId: string },
): Pick<AuditEntry, 'target' | 'organizationId'> {
  return { target: { type: 'user', id: user.id, label: personLabel(user) }, organizationId: user.organizationId };
}

/** Writes one audit event in the caller's transaction. Callers pass no secrets. */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorId: entry.actor.id,
      actorLabel: entry.actor.label,
      action: entry.action,
      targetType: entry.target.type,
      targetId: entry.target.id,
      targetLabel: entry.target.label,
      organizationId: entry.organizationId,
      before: entry.before,
      after: entry.after,
    },
  });
}
