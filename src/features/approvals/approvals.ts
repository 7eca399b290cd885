import { addMinutes } from 'date-fns';
import type { Database, Tx } from '../../db/client.ts';
import { ConflictError, NotAllowedError, NotFoundError, ValidationError } from '../../core/errors.ts';
import type { AdminRequestStatus } from '../../core/admin-requests.rules.ts';
import { fullName, personLabel } from '../../core/users.rules.ts';
import { asPerson, requireCapability, type Actor, type ActorRef } from '../../core/actors.ts';
import { recordAudit } from '../../core/audit.ts';
import { isInScope } from '../../core/scope.ts';
import { enqueueNotice } from '../../core/outbox.ts';
import type { ServiceSettings } from '../../core/settings.ts';
import { keepOneActiveAdmin, lockUser } from '../../core/user-rows.ts';
import { isUuid } from '../../core/ids.rules.ts';
import type { AdminGrantEndedNotice, AdminRequestNotice, AdminRequestUpdateNotice } from './approval-notices.rules.ts';

/** Who the rights are for: by email, by Slack user, or by id. */
export type TargetRef = { email: string } | { slackUserId: string } | { userId: string };

export interface NewRequest {
  target: TargetRef;
  reason: string;
  /** For a time-bound grant. */
  grantMinutes?: number;
}

const MAX_REASON = 500;
export const requestKey = (id: string) => `admin_request:${id}`;

async function findTarget(tx: Tx, target: TargetRef) {
  const where =
    'email' in target
      ? { email: target.email.trim().toLowerCase() }
      : 'slackUserId' in target
        ? { slackUserId: target.slackUserId }
        : { id: target.userId };
  if ('userId' in target && !isUuid(target.userId)) return null;
  const found = await tx.user.findFirst({ where, select: { id: true } });
  return found ? lockUser(tx, found.id) : null;
}

type RequestWithDecisions = NonNullable<Awaited<ReturnType<typeof loadRequest>>>;

function loadRequest(tx: Tx, id: string) {
  return tx.adminRequest.findUnique({
    where: { id },
    include: { decisions: { orderBy: { id: 'asc' } }, target: { include: { organization: true } } },
  });
}

/** The approvers' message for a request, as it stands. */
function snapshot(
  request: RequestWithDecisions,
  requester: { fullName: string; slackUserId: string | null },
): AdminRequestNotice {
  const denial = request.decisions.find((decision) => !decision.approve);
  return {
    type: 'admin_request',
    audience: 'approvers',
    requestId: request.id,
    target: { fullName: fullName(request.target), email: request.target.email },
    company: request.target.organization.name,
    requester,
    reason: request.reason,
    grantMinutes: request.grantMinutes,
    required: request.requiredApprovals,
    approvedBy: request.decisions.filter((decision) => decision.approve).map((decision) => decision.approverLabel),
    status: request.status,
    decidedBy: denial?.approverLabel,
    comment: denial?.comment ?? undefined,
    expiresAt: request.expiresAt.toISOString(),
  };
}

function update(
  request: RequestWithDecisions,
  audience: AdminRequestUpdateNotice['audience'],
  event: AdminRequestUpdateNotice['event'],
  by?: string,
  comment?: string,
): AdminRequestUpdateNotice {
  return {
    type: 'admin_request.update',
    audience,
    event,
    target: { fullName: fullName(request.target), email: request.target.email },
    by,
    comment,
    given: request.decisions.filter((decision) => decision.approve).length,
    required: request.requiredApprovals,
    grantMinutes: request.grantMinutes,
    expiresAt: request.expiresAt.toISOString(),
  };
}

/** The requester as notices show them (their Slack link, if they still have one). */
async function requesterOf(tx: Tx, request: { requesterId: string | null; requesterLabel: string }) {
  const requester = request.requesterId
    ? await tx.user.findUnique({
        where: { id: request.requesterId },
        select: { firstName: true, lastName: true, slackUserId: true },
      })
    : null;
  return requester
    ? { fullName: fullName(requester), slackUserId: requester.slackUserId }
    : { fullName: request.requesterLabel, slackUserId: null };
}

/**
 * Asks for admin rights for a user: any active user for themselves, an Admin for a user in scope.
 * The request is posted for approvers; nothing is granted yet. Refused for someone who already is
 * an admin, and while another request for them is pending (named in the message).
 */
export async function requestAdmin(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  input: NewRequest,
  now = new Date(),
) {
  const reason = input.reason.trim();
  if (!reason) throw new ValidationError({ reason: 'Say why admin rights are needed; approvers decide on it.' });
  if (reason.length > MAX_REASON)
    throw new ValidationError({ reason: `A reason has at most ${MAX_REASON} characters.` });
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'ownProfile');
    const target = await requestTarget(tx, actor, input.target);
    return openRequest(tx, settings, actor, target, { reason, grantMinutes: input.grantMinutes }, now);
  });
}

/**
 * Whom the request form would be for, checked as requestAdmin checks it — so the form opens only
 * for someone who may submit it (requestAdmin checks again at submit).
 */
export async function requestFormTarget(db: Database, ref: ActorRef, target: TargetRef) {
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'ownProfile');
    const found = await requestTarget(tx, actor, target);
    await refuseRequest(tx, found);
    return { id: found.id, fullName: fullName(found), email: found.email, self: found.id === actor.id };
  });
}

/** The target of a request, locked: in the actor's scope, and the actor themselves unless an Admin. */
async function requestTarget(tx: Tx, actor: Actor, ref: TargetRef) {
  const target = await findTarget(tx, ref);
  if (!target || !(await isInScope(tx, actor, target.organizationId))) {
    throw new NotFoundError('There is no such user in your companies. Check the email, or find them with /users.');
  }
  if (target.id !== actor.id && !actor.privileges.admin) {
    throw new NotAllowedError(
      'Asking admin rights for someone else needs the Admin privilege; you may ask for yourself with /requestadmin.',
    );
  }
  return target;
}

/** Refuses a request for someone deactivated, already an admin, or with a request pending. */
async function refuseRequest(
  tx: Tx,
  target: { id: string; active: boolean; admin: boolean } & Parameters<typeof fullName>[0],
) {
  const name = fullName(target);
  if (!target.active) throw new ConflictError(`${name} is deactivated; reactivate them first.`);
  if (target.admin) throw new ConflictError(`${name} already is an admin.`);
  const pending = await tx.adminRequest.findFirst({ where: { targetId: target.id, status: 'pending' } });
  if (pending) {
    throw new ConflictError(
      `A request for ${name} is already waiting for approval (asked by ${pending.requesterLabel} on ${pending.createdAt.toISOString().slice(0, 10)}: “${pending.reason}”).`,
    );
  }
}

/**
 * Opens a request in the caller's transaction (the target's row locked): refused for someone
 * deactivated or already an admin, or with a request pending; posted for approvers.
 */
export async function openRequest(
  tx: Tx,
  settings: ServiceSettings,
  actor: Actor,
  target: NonNullable<Awaited<ReturnType<typeof lockUser>>>,
  input: { reason: string; grantMinutes?: number },
  now = new Date(),
) {
  const { reason } = input;
  const name = fullName(target);
  await refuseRequest(tx, target);
  const ttl = settings.approvals.ttlMinutes;
  const created = await tx.adminRequest.create({
    data: {
      targetId: target.id,
      requesterId: actor.id,
      requesterLabel: actor.label,
      reason,
      grantMinutes: input.grantMinutes ?? null,
      requiredApprovals: settings.approvals.required,
      createdAt: now,
      expiresAt: addMinutes(now, ttl),
      remindAt: addMinutes(now, ttl / 2),
    },
  });
  const request = (await loadRequest(tx, created.id))!;
  await recordAudit(tx, {
    actor,
    action: 'admin_request.created',
    target: { type: 'user', id: target.id, label: personLabel(target) },
    organizationId: target.organizationId,
    after: { reason, grantMinutes: input.grantMinutes ?? null, requiredApprovals: created.requiredApprovals },
  });
  await enqueueNotice(tx, settings.approvals.channel, snapshot(request, asPerson(actor)), {
    key: requestKey(created.id),
  });
  return { id: created.id, target: { fullName: name, email: target.email }, required: created.requiredApprovals };
}

export interface DecisionResult {
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
        comment: decision.comment?.trim() || null,
        at: now,
      },
    });
    const decided = (await loadRequest(tx, requestId))!;
    const given = decided.decisions.filter((entry) => entry.approve).length;
    const key = requestKey(requestId);
    const channel = settings.approvals.channel;
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
      target: { type: 'user', id: decided.targetId, label: personLabel(decided.target) },
      organizationId: decided.target.organizationId,
      after: { given, required: decided.requiredApprovals, ...(decision.comment ? { comment: decision.comment } : {}) },
    });
    const current = (await loadRequest(tx, requestId))!;
    await enqueueNotice(tx, channel, snapshot(current, await requesterOf(tx, current)), { revises: key });
    const event = outcome === 'granted' ? 'granted' : outcome === 'denied' ? 'denied' : 'approved_by';
    await enqueueNotice(
      tx,
      channel,
      update(current, 'thread', event === 'granted' ? 'approved_by' : event, actor.label, decision.comment),
      {
        followsUp: key,
      },
    );
    if (outcome !== 'recorded') await tellRequesterAndTarget(tx, current, event, actor.label, decision.comment);
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

async function lockRequest(tx: Tx, requestId: string): Promise<RequestWithDecisions> {
  const valid = isUuid(requestId);
  const locked = valid
    ? await tx.$queryRaw<{ id: string }[]>`SELECT id FROM admin_request WHERE id = ${requestId}::uuid FOR UPDATE`
    : [];
  const request = locked.length ? await loadRequest(tx, requestId) : null;
  if (!request) throw new NotFoundError('That request no longer exists.');
  return request;
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
    target: { type: 'user', id: request.targetId, label: personLabel(request.target) },
    organizationId: request.target.organizationId,
    before: { admin: false },
    after: { admin: true, ...(request.grantMinutes ? { grantMinutes: request.grantMinutes } : {}) },
  });
}

async function tellRequesterAndTarget(
  tx: Tx,
  request: RequestWithDecisions,
  event: AdminRequestUpdateNotice['event'],
  by?: string,
  comment?: string,
) {
  const requester = request.requesterId
    ? await tx.user.findUnique({ where: { id: request.requesterId }, select: { slackUserId: true } })
    : null;
  if (requester?.slackUserId)
    await enqueueNotice(tx, requester.slackUserId, update(request, 'requester', event, by, comment));
  if (request.target.slackUserId && request.target.id !== request.requesterId) {
    await enqueueNotice(tx, request.target.slackUserId, update(request, 'target', event, by, comment));
  }
}

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
      target: { type: 'user', id: current.targetId, label: personLabel(current.target) },
      organizationId: current.target.organizationId,
    });
    const key = requestKey(requestId);
    await enqueueNotice(tx, settings.approvals.channel, snapshot({ ...current }, await requesterOf(tx, current)), {
      revises: key,
    });
    await enqueueNotice(tx, settings.approvals.channel, update(current, 'thread', 'cancelled', actor.label), {
      followsUp: key,
    });
    return { target: { fullName: fullName(current.target) } };
  });
}

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
    target: personLabel(request.target),
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
      target: { type: 'user', id: me.id, label: personLabel(me) },
      organizationId: me.organizationId,
      before: { admin: true },
      after: { admin: false },
    });
    await enqueueNotice<AdminGrantEndedNotice>(tx, settings.notifyChannel, {
      type: 'admin_grant.ended',
      audience: 'channel',
      user: { fullName: fullName(me), email: me.email },
      company: me.organization.name,
      kept: false,
    });
  });
}

export { loadRequest, requesterOf, snapshot, tellRequesterAndTarget, update as requestUpdate };
