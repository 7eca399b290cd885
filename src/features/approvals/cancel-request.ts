import type { Database } from '../../db/client.ts';
import { asPerson, requireCapability, type ActorRef } from '../../core/actors.ts';
import { recordAudit, userTarget } from '../../core/audit.ts';
import { ConflictError, NotAllowedError } from '../../core/errors.ts';
import type { ServiceSettings } from '../../core/settings.ts';
import { fullName } from '../../core/users.rules.ts';
import { loadRequest, lockRequest, reviseForApprovers } from './request-rows.ts';

/** The requester withdraws a pending request. */
export async function cancelAdminRequest(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  requestId: string,
  now = new Date(),
) {
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'ownProfile');
    const request = await lockRequest(tx, requestId);
    if (request.requesterId !== actor.id) throw new NotAllowedError('Only the person who asked can cancel a request.');
    if (request.status !== 'pending') throw new ConflictError(`That request is already ${request.status}.`);
    await tx.adminRequest.update({ where: { id: requestId }, data: { status: 'cancelled', decidedAt: now } });
    const current = (await loadRequest(tx, requestId))!;
    await recordAudit(tx, {
      actor,
      action: 'admin_request.cancelled',
      ...userTarget(current.target),
    });
    await reviseForApprovers(tx, current, 'cancelled', asPerson(actor));
    return { target: { fullName: fullName(current.target) } };
  });
}
