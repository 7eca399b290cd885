import type { Database } from '../../db/client.ts';
import type { AdminRequestStatus } from './admin-requests.rules.ts';
import { requireCapability, type ActorRef } from '../../core/actors.ts';
import { isInScope } from '../../core/scope.ts';
import { personName } from '../../core/users.rules.ts';
import type { RequestWithDecisions } from './request-rows.ts';

export interface RequestLine {
  id: string;
  target: string;
  company: string;
  reason: string;
  requester: string;
  grantMinutes: number | null;
  given: number;
  required: number;
  status: AdminRequestStatus;
  expiresAt: Date;
}

export interface ApprovalsOverview {
  /** Pending requests the actor may decide now. */
  toDecide: RequestLine[];
  /** The actor's own requests, newest first (the last 10). */
  mine: RequestLine[];
  /** The actor's running time-bound grants. */
  grants: { id: string; endsAt: Date }[];
}

function line(request: RequestWithDecisions): RequestLine {
  return {
    id: request.id,
    target: personName(request.target),
    company: request.target.organization.name,
    reason: request.reason,
    requester: request.requesterLabel,
    grantMinutes: request.grantMinutes,
    given: request.decisions.filter((decision) => decision.approve).length,
    required: request.requiredApprovals,
    status: request.status,
    expiresAt: request.expiresAt,
  };
}

/** `/approvals`: what the actor may decide, what they asked for, and their time-bound grants. */
export async function listApprovals(db: Database, ref: ActorRef): Promise<ApprovalsOverview> {
  const actor = await requireCapability(db, ref, 'ownProfile');
  const include = { decisions: true, target: { include: { organization: true } } } as const;
  const [pending, mine, grants] = await Promise.all([
    actor.privileges.admin
      ? db.adminRequest.findMany({ where: { status: 'pending' }, include, orderBy: { createdAt: 'asc' } })
      : Promise.resolve([]),
    db.adminRequest.findMany({ where: { requesterId: actor.id }, include, orderBy: { createdAt: 'desc' }, take: 10 }),
    db.adminGrant.findMany({ where: { userId: actor.id!, endedAt: null }, orderBy: { endsAt: 'asc' } }),
  ]);
  const toDecide: RequestLine[] = [];
  for (const request of pending) {
    const mayDecide =
      request.requesterId !== actor.id &&
      request.targetId !== actor.id &&
      !request.decisions.some((decision) => decision.approverId === actor.id) &&
      (await isInScope(db, actor, request.target.organizationId));
    if (mayDecide) toDecide.push(line(request));
  }
  return { toDecide, mine: mine.map(line), grants: grants.map(({ id, endsAt }) => ({ id, endsAt })) };
}
