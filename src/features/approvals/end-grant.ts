import type { Database } from '../../db/client.ts';
import { requireCapability, type ActorRef } from '../../core/actors.ts';
import { recordAudit, userTarget } from '../../core/audit.ts';
import { ConflictError } from '../../core/errors.ts';
import { isUuid } from '../../core/ids.rules.ts';
import { enqueueNotice } from '../../core/outbox.ts';
import { channelsFor } from '../../core/notice-routing.ts';
import type { ServiceSettings } from '../../core/settings.ts';
import { keepOneActiveAdmin, lockUser } from '../../core/user-rows.ts';
import { fullName } from '../../core/users.rules.ts';
import type { AdminGrantEndedNotice } from './approval-notices.rules.ts';

/** Ends one's own time-bound grant now (the last-admin guard applies). */
export async function endOwnGrant(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  grantId: string,
  now = new Date(),
) {
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'ownProfile');
    const grant = isUuid(grantId) ? await tx.adminGrant.findUnique({ where: { id: grantId } }) : null;
    if (!grant || grant.userId !== actor.id || grant.endedAt) throw new ConflictError('That grant has already ended.');
    const me = (await lockUser(tx, grant.userId))!;
    await keepOneActiveAdmin(tx, me);
    await tx.adminGrant.update({ where: { id: grantId }, data: { endedAt: now } });
    await tx.user.update({ where: { id: me.id }, data: { admin: false, version: { increment: 1 } } });
    await recordAudit(tx, {
      actor,
      action: 'user.admin_grant_ended',
      ...userTarget(me),
      before: { admin: true },
      after: { admin: false },
    });
    await enqueueNotice<AdminGrantEndedNotice>(
      tx,
      await channelsFor(tx, settings, 'confirmations', me.organizationId),
      {
        type: 'admin_grant.ended',
        audience: 'channel',
        user: { fullName: fullName(me), email: me.email },
        company: me.organization.name,
        kept: false,
      },
    );
  });
}
