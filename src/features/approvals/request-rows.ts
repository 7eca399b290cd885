import type { Tx } from '../../db/client.ts';
import { NotFoundError } from '../../core/errors.ts';
import { isUuid } from '../../core/ids.rules.ts';
import { enqueueNotice } from '../../core/outbox.ts';
import { directMessageTo, holdersOf } from '../../core/notice-routing.ts';
import { fullName } from '../../core/users.rules.ts';
import type { Person } from '../../core/notices.rules.ts';
import {
  adminRequestNotice,
  adminRequestUpdate,
  requestKey,
  type AdminRequestUpdateNotice,
} from './approval-notices.rules.ts';

/** A request with its decisions (oldest first) and its target with their company. */
export type RequestWithDecisions = NonNullable<Awaited<ReturnType<typeof loadRequest>>>;

export function loadRequest(tx: Tx, id: string) {
  return tx.adminRequest.findUnique({
    where: { id },
    include: { decisions: { orderBy: { id: 'asc' } }, target: { include: { organization: true } } },
  });
}

/** Locks a request's row until the transaction ends, so concurrent decisions queue up; then loads it. */
export async function lockRequest(tx: Tx, requestId: string): Promise<RequestWithDecisions> {
  const locked = isUuid(requestId)
    ? await tx.$queryRaw<{ id: string }[]>`SELECT id FROM admin_request WHERE id = ${requestId}::uuid FOR UPDATE`
    : [];
  const request = locked.length ? await loadRequest(tx, requestId) : null;
  if (!request) throw new NotFoundError('That request no longer exists.');
  return request;
}

/** The requester as notices show them (their Slack link, if they still have one). */
async function requesterOf(tx: Tx, request: { requesterId: string | null; requesterLabel: string }): Promise<Person> {
  const requester = request.requesterId
    ? await tx.user.findUnique({
        where: { id: request.requesterId },
        select: { firstName: true, lastName: true, email: true, slackUserId: true },
      })
    : null;
  return requester
    ? { fullName: fullName(requester), email: requester.email, slackUserId: requester.slackUserId }
    : { fullName: '', email: request.requesterLabel, slackUserId: null };
}

/** The approvers of a request as notices show them, by user id: named the way the requester is. */
async function approversOf(tx: Tx, request: RequestWithDecisions): Promise<Map<string, Person>> {
  const users = await tx.user.findMany({
    where: { id: { in: request.decisions.map((decision) => decision.approverId) } },
    select: { id: true, firstName: true, lastName: true, email: true, slackUserId: true },
  });
  return new Map(
    users.map((user) => [user.id, { fullName: fullName(user), email: user.email, slackUserId: user.slackUserId }]),
  );
}

/** Tells the requester and the target (when someone else) how their request ended, by DM. */
export async function tellRequesterAndTarget(
  tx: Tx,
  request: RequestWithDecisions,
  event: AdminRequestUpdateNotice['event'],
  by?: Person,
  comment?: string,
) {
  const requester = request.requesterId
    ? await tx.user.findUnique({ where: { id: request.requesterId }, select: { slackTeamId: true, slackUserId: true } })
    : null;
  if (requester)
    await enqueueNotice(tx, directMessageTo(requester), adminRequestUpdate(request, 'requester', event, by, comment));
  if (request.target.id !== request.requesterId) {
    await enqueueNotice(tx, directMessageTo(request.target), adminRequestUpdate(request, 'target', event, by, comment));
  }
}

/**
 * Revises the approvers' message of a request to how it stands now, wherever it was posted, and
 * says in its thread what happened (`by` whom, with their `comment`).
 */
export async function reviseForApprovers(
  tx: Tx,
  request: RequestWithDecisions,
  event: AdminRequestUpdateNotice['event'],
  by?: Person,
  comment?: string,
) {
  const key = requestKey(request.id);
  const notice = adminRequestNotice(request, await requesterOf(tx, request), await approversOf(tx, request));
  const holders = await holdersOf(tx, key);
  await enqueueNotice(tx, holders, notice, { revises: key });
  await enqueueNotice(tx, holders, adminRequestUpdate(request, 'thread', event, by, comment), { followsUp: key });
}
