import { addMinutes } from 'date-fns/addMinutes';
import type { Database, Tx } from '../../db/client.ts';
import { asPerson, requireCapability, type Actor, type ActorRef } from '../../core/actors.ts';
import { recordAudit, userTarget } from '../../core/audit.ts';
import { ConflictError, NotAllowedError, NotFoundError, ValidationError } from '../../core/errors.ts';
import { isUuid } from '../../core/ids.rules.ts';
import { enqueueNotice } from '../../core/outbox.ts';
import { channelsFor } from '../../core/notice-routing.ts';
import { isInScope } from '../../core/scope.ts';
import type { ServiceSettings } from '../../core/settings.ts';
import { lockUser } from '../../core/user-rows.ts';
import { fullName } from '../../core/users.rules.ts';
import { adminRequestNotice, requestKey } from './approval-notices.rules.ts';
import { loadRequest } from './request-rows.ts';
import { reasonSchema } from './admin-requests.rules.ts';

/** Who the rights are for: by email, by Slack user, or by id. */
export type TargetRef = { email: string } | { slackUserId: string } | { userId: string };

interface NewRequest {
  target: TargetRef;
  reason: string;
  /** For a time-bound grant. */
  grantMinutes?: number;
}

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
  const checked = reasonSchema.safeParse(input.reason);
  if (!checked.success) throw new ValidationError({ reason: checked.error.issues[0]!.message });
  const reason = checked.data;
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
export async function requestFormTarget(db: Database, settings: ServiceSettings, ref: ActorRef, target: TargetRef) {
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'ownProfile');
    const found = await requestTarget(tx, actor, target);
    await refuseRequest(tx, found);
    await refuseWithoutApprovers(tx, settings, actor, found);
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
 * Who could approve a request for `target` — active Admins of its company or a company above it,
 * neither the requester nor the target (as decideAdminRequest checks) — and how many approvals
 * a request needs. With fewer approvers than that, a request could only expire.
 */
export async function approversFor(
  tx: Tx,
  settings: ServiceSettings,
  actor: Actor,
  target: { id: string; organizationId: string },
): Promise<{ eligible: number; required: number }> {
  const rows = await tx.$queryRaw<{ count: number }[]>`
    WITH RECURSIVE ancestors AS (
      SELECT id, parent_id FROM organization WHERE id = ${target.organizationId}::uuid
      UNION ALL
      SELECT o.id, o.parent_id FROM organization o JOIN ancestors a ON o.id = a.parent_id
    )
    SELECT count(*)::int AS count FROM "user" u
    WHERE u.active AND u.admin AND u.organization_id IN (SELECT id FROM ancestors)
      AND u.id <> ${target.id}::uuid AND (${actor.id ?? null}::uuid IS NULL OR u.id <> ${actor.id ?? null}::uuid)`;
  return { eligible: rows[0]?.count ?? 0, required: settings.approvals.required };
}

/**
 * Refuses at once a request that fewer people could approve than it needs (see approversFor);
 * the operator's CLI can grant it instead.
 */
async function refuseWithoutApprovers(
  tx: Tx,
  settings: ServiceSettings,
  actor: Actor,
  target: { id: string; email: string; organizationId: string } & Parameters<typeof fullName>[0],
) {
  const { eligible, required } = await approversFor(tx, settings, actor, target);
  if (eligible >= required) return;
  const operator = `The operator can grant it with \`switchboard users grant-admin ${target.email} --reason "…"\`.`;
  if (eligible === 0) {
    throw new NotAllowedError(
      `No one else can approve admin rights for ${fullName(target)}: approvers are other active admins of their company or a company above it, and there are none. ${operator}`,
    );
  }
  throw new NotAllowedError(
    `Too few others can approve admin rights for ${fullName(target)}: a request needs ${required} approvals, and only ${eligible === 1 ? '1 other active admin' : `${eligible} other active admins`} of their company or a company above it can give one. ${operator}`,
  );
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
  await refuseWithoutApprovers(tx, settings, actor, target);
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
    ...userTarget(target),
    after: { reason, grantMinutes: input.grantMinutes ?? null, requiredApprovals: created.requiredApprovals },
  });
  await enqueueNotice(
    tx,
    await channelsFor(tx, settings, 'approvals', target.organizationId),
    adminRequestNotice(request, asPerson(actor)),
    {
      key: requestKey(created.id),
    },
  );
  return { id: created.id, target: { fullName: name, email: target.email }, required: created.requiredApprovals };
}
