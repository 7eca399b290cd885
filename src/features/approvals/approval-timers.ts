import type { Database, Tx } from '../../db/client.ts';
import { fullName } from '../../core/users.rules.ts';
import { loadRequest, reviseForApprovers, tellRequesterAndTarget } from './request-rows.ts';
import { recordAudit, userTarget } from '../../core/audit.ts';
import { enqueueNotice } from '../../core/outbox.ts';
import { channelsFor, directMessageTo, holdersOf } from '../../core/notice-routing.ts';
import type { Logger } from '../../core/logger.ts';
import { Periodic } from '../../core/periodic.ts';
import type { ServiceSettings } from '../../core/settings.ts';
import { lockUser } from '../../core/user-rows.ts';
import { adminRequestUpdate, requestKey, type AdminGrantEndedNotice } from './approval-notices.rules.ts';

const TIMERS = { id: null, label: 'system:timers' };

interface TimerRun {
  reminded: number;
  expired: number;
  grantsEnded: number;
}

/**
 * Fires what is due at `now`: reminders at half-time, expiry of pending requests, the end of
 * time-bound grants. The timers are rows in PostgreSQL, so whatever fell due while the app was
 * down fires on the next run; rows are claimed with SKIP LOCKED, so with several instances each
 * fires once.
 */
export async function runDueTimers(db: Database, settings: ServiceSettings, now = new Date()): Promise<TimerRun> {
  return {
    reminded: await each(
      db,
      claimDue(`remind_at <= $1 AND reminded_at IS NULL AND status = 'pending'`, 'admin_request'),
      now,
      (tx, id) => remind(tx, settings, id, now),
    ),
    expired: await each(db, claimDue(`expires_at <= $1 AND status = 'pending'`, 'admin_request'), now, (tx, id) =>
      expire(tx, settings, id, now),
    ),
    grantsEnded: await each(db, claimDue(`ends_at <= $1 AND ended_at IS NULL`, 'admin_grant'), now, (tx, id) =>
      endGrant(tx, settings, id, now),
    ),
  };
}

function claimDue(condition: string, table: string) {
  return `SELECT id::text AS id FROM ${table} WHERE ${condition} ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`;
}

/** Handles due rows one transaction each, until none is left that another instance isn't handling. */
async function each(db: Database, claim: string, now: Date, handle: (tx: Tx, id: string) => Promise<void>) {
  let count = 0;
  for (;;) {
    const done = await db.$transaction(async (tx) => {
      const [row] = await tx.$queryRawUnsafe<{ id: string }[]>(claim, now);
      if (!row) return false;
      await handle(tx, row.id);
      return true;
    });
    if (!done) return count;
    count += 1;
  }
}

async function remind(tx: Tx, settings: ServiceSettings, id: string, now: Date) {
  await tx.adminRequest.update({ where: { id }, data: { remindedAt: now } });
  const request = (await loadRequest(tx, id))!;
  const key = requestKey(id);
  await enqueueNotice(tx, await holdersOf(tx, key), adminRequestUpdate(request, 'thread', 'reminder'), {
    followsUp: key,
  });
}

async function expire(tx: Tx, settings: ServiceSettings, id: string, now: Date) {
  await tx.adminRequest.update({ where: { id }, data: { status: 'expired', decidedAt: now } });
  const request = (await loadRequest(tx, id))!;
  await recordAudit(tx, {
    actor: TIMERS,
    action: 'admin_request.expired',
    ...userTarget(request.target),
  });
  await reviseForApprovers(tx, request, 'expired');
  await tellRequesterAndTarget(tx, request, 'expired');
}

/** Ends a time-bound grant: admin is removed, unless the company would be left without an active admin. */
async function endGrant(tx: Tx, settings: ServiceSettings, id: string, now: Date) {
  const grant = await tx.adminGrant.update({ where: { id }, data: { endedAt: now } });
  const user = await lockUser(tx, grant.userId);
  if (!user || !user.admin) return;
  await tx.$queryRaw`SELECT id FROM organization WHERE id = ${user.organizationId}::uuid FOR UPDATE`;
  const otherAdmins = await tx.user.count({
    where: { organizationId: user.organizationId, active: true, admin: true, id: { not: user.id } },
  });
  const kept = user.active && otherAdmins === 0;
  if (!kept) await tx.user.update({ where: { id: user.id }, data: { admin: false, version: { increment: 1 } } });
  const name = fullName(user);
  await recordAudit(tx, {
    actor: TIMERS,
    action: kept ? 'admin_grant.kept' : 'user.admin_grant_ended',
    ...userTarget(user),
    before: { admin: true },
    after: { admin: kept },
  });
  const notice = (audience: AdminGrantEndedNotice['audience']): AdminGrantEndedNotice => ({
    type: 'admin_grant.ended',
    audience,
    user: { fullName: name, email: user.email },
    company: user.organization.name,
    kept,
  });
  await enqueueNotice(tx, await channelsFor(tx, settings, 'confirmations', user.organizationId), notice('channel'));
  await enqueueNotice(tx, directMessageTo(user), notice('subject'));
}

/** Runs the timers every `intervalMs` until stopped. */
export class TimerRunner extends Periodic {
  constructor(db: Database, settings: ServiceSettings, logger: Logger, intervalMs = 15_000) {
    super('timers', () => runDueTimers(db, settings), intervalMs, logger);
  }
}
