import { addMinutes } from 'date-fns/addMinutes';
import type { Database, Tx } from '../../db/client.ts';
import { asPerson, requireCapability, type Actor, type ActorRef } from '../../core/actors.ts';
import { recordAudit, userTarget } from '../../core/audit.ts';
import { ConflictError, NotAllowedError, ValidationError } from '../../core/errors.ts';
import { isInScope } from '../../core/scope.ts';
import type { ServiceSettings } from '../../core/settings.ts';
import { fullName } from '../../core/users.rules.ts';
import {
  loadRequest,
  lockRequest,
  reviseForApprovers,
  tellRequesterAndTarget,
  type RequestWithDecisions,
} from './request-rows.ts';
import { commentSchema } from './admin-requests.rules.ts';

interface DecisionResult {
  outcome: 'recorded' | 'granted' | 'denied';
  target: { fullName: string };
  given: number;
  required: number;
}

/**
 * An approver approves or denies. Approvers are active Admins whose scope covers the target's
 * company, and neither the requester nor the target; each decides once. One Deny ends the
 * request; the configured number of distinct approvals grants admin. Concurrent clicks are
 * serialized on the request row, so there is exactly one outcome.
 */
export async function decideAdminRequest(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  requestId: string,
  decision: { approve: boolean; comment?: string },
  now = new Date(),
): Promise<DecisionResult> {
  const checked = commentSchema.safeParse(decision.comment ?? '');
  if (!checked.success) throw new ValidationError({ comment: checked.error.issues[0]!.message });
  const comment = checked.data || undefined;
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const request = await lockRequest(tx, requestId);
    const name = fullName(request.target);
    if (request.status !== 'pending') {
      throw new ConflictError(`The request for ${name} is already ${request.status}; nothing to decide.`);
    }
    await refuseIneligible(tx, actor, request);
    if (decision.approve && !request.target.active) {
      throw new ConflictError(`${name} was deactivated meanwhile; reactivate them, or deny this request.`);
    }
    await tx.adminDecision.create({
      data: {
        requestId,
        approverId: actor.id!,
        approverLabel: actor.label,
        approve: decision.approve,
        comment: comment ?? null,
        at: now,
      },
    });
    const decided = (await loadRequest(tx, requestId))!;
    const given = decided.decisions.filter((entry) => entry.approve).length;
    const outcome = !decision.approve ? 'denied' : given >= decided.requiredApprovals ? 'granted' : 'recorded';
    if (outcome !== 'recorded') {
      await tx.adminRequest.update({
        where: { id: requestId },
        data: { status: outcome === 'granted' ? 'approved' : 'denied', decidedAt: now },
      });
    }
    if (outcome === 'granted') await grant(tx, actor, decided, now);
    await recordAudit(tx, {
      actor,
      action: decision.approve ? 'admin_request.approved' : 'admin_request.denied',
      ...userTarget(decided.target),
      after: { given, required: decided.requiredApprovals, ...(comment ? { comment } : {}) },
    });
    const current = (await loadRequest(tx, requestId))!;
    const event = outcome === 'granted' ? 'granted' : outcome === 'denied' ? 'denied' : 'approved_by';
    const inThread = event === 'granted' ? 'approved_by' : event;
    await reviseForApprovers(tx, current, inThread, asPerson(actor), comment);
    if (outcome !== 'recorded') await tellRequesterAndTarget(tx, current, event, asPerson(actor), comment);
    return { outcome, target: { fullName: name }, given, required: decided.requiredApprovals };
  });
}

/**
 * Refuses, before the Deny form opens, anyone who could not submit it: only an eligible approver
 * of a pending request gets the form (decideAdminRequest checks again at submit).
 */
export async function checkMayDecide(db: Database, ref: ActorRef, requestId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const request = await lockRequest(tx, requestId);
    if (request.status !== 'pending') {
      throw new ConflictError(
        `The request for ${fullName(request.target)} is already ${request.status}; nothing to decide.`,
      );
    }
    await refuseIneligible(tx, actor, request);
  });
}

async function refuseIneligible(tx: Tx, actor: Actor, request: RequestWithDecisions) {
  if (actor.id === request.requesterId) throw new NotAllowedError('You asked for this; someone else must decide it.');
  if (actor.id === request.targetId) throw new NotAllowedError('Nobody decides on admin rights for themselves.');
  if (!(await isInScope(tx, actor, request.target.organizationId))) {
    throw new NotAllowedError(
      `Only admins of ${request.target.organization.name} or a company above it may decide this.`,
    );
  }
  if (request.decisions.some((decision) => decision.approverId === actor.id)) {
    throw new ConflictError('You already decided on this request; each approver counts once.');
  }
}

/** Makes the target an admin (for a time, if the request says so). */
async function grant(tx: Tx, actor: Actor, request: RequestWithDecisions, now: Date) {
  await tx.user.update({ where: { id: request.targetId }, data: { admin: true, version: { increment: 1 } } });
  // An older time limit must not cut this grant short.
  await tx.adminGrant.updateMany({ where: { userId: request.targetId, endedAt: null }, data: { endedAt: now } });
  if (request.grantMinutes) {
    await tx.adminGrant.create({
      data: { userId: request.targetId, requestId: request.id, endsAt: addMinutes(now, request.grantMinutes) },
    });
  }
  await recordAudit(tx, {
    actor,
    action: 'user.admin_granted',
    ...userTarget(request.target),
    before: { admin: false },
    after: { admin: true, ...(request.grantMinutes ? { grantMinutes: request.grantMinutes } : {}) },
  });
}
