import type { Database } from '../../db/client.ts';
import type { AdminRequestStatus } from './admin-requests.rules.ts';
import { requireCapability, type ActorRef } from '../../core/actors.ts';
import { isInScope } from '../../core/scope.ts';
import { fullName, personName } from '../../core/users.rules.ts';
import type { Person } from '../../core/notices.rules.ts';
import type { RequestWithDecisions } from './request-rows.ts';

export interface RequestLine {
  id: string;
  target: string;
  company: string;
  reason: string;
  /** Named as the request's message names them: a mention when linked, else "Name (email)". */
  requester: Person;
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

function line(request: RequestWithDecisions, people: ReadonlyMap<string, Person>): RequestLine {
  return {
    id: request.id,
    target: personName(request.target),
    company: request.target.organization.name,
    reason: request.reason,
    requester: (request.requesterId && people.get(request.requesterId)) || {
      fullName: '',
      email: request.requesterLabel,
      slackUserId: null,
    },
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
  const toDecide: RequestWithDecisions[] = [];
  for (const request of pending) {
    const mayDecide =
      request.requesterId !== actor.id &&
      request.targetId !== actor.id &&
      !request.decisions.some((decision) => decision.approverId === actor.id) &&
      (await isInScope(db, actor, request.target.organizationId));
    if (mayDecide) toDecide.push(request);
  }
  const people = await requestersOf(db, [...toDecide, ...mine]);
  return {
    toDecide: toDecide.map((request) => line(request, people)),
    mine: mine.map((request) => line(request, people)),
    grants: grants.map(({ id, endsAt }) => ({ id, endsAt })),
  };
}

/** The requesters of `requests` as stored now, by user id. */
async function requestersOf(db: Database, requests: { requesterId: string | null }[]): Promise<Map<string, Person>> {
  const ids = [...new Set(requests.flatMap((request) => (request.requesterId ? [request.requesterId] : [])))];
  const users = ids.length
    ? await db.user.findMany({
        where: { id: { in: ids } },
        select: { id: true, firstName: true, lastName: true, email: true, slackUserId: true },
      })
    : [];
  return new Map(
    users.map((user) => [user.id, { fullName: fullName(user), email: user.email, slackUserId: user.slackUserId }]),
  );
}
