import type { Database, Tx } from '../../../db/client.ts';
import { ConflictError, NotAllowedError } from '../../../core/errors.ts';
import type { UserLifecycleNotice } from '../user-notices.rules.ts';
import { fullName } from '../../../core/users.rules.ts';
import { asPerson, requireCapability, type Actor, type ActorRef } from '../../../core/actors.ts';
import { recordAudit, userTarget } from '../../../core/audit.ts';
import { isInScope } from '../../../core/scope.ts';
import { enqueueNotice } from '../../../core/outbox.ts';
import { channelsFor, directMessageTo } from '../../../core/notice-routing.ts';
import { keepOneActiveAdmin, lockUser } from '../../../core/user-rows.ts';
import type { ServiceSettings } from '../../../core/settings.ts';
import { releaseResources, type Released } from './user-resources.ts';
import { retirePasswordLinks } from '../../invitations/index.ts';

/** The user changed (or was deleted) since the caller last saw them; show them as they are now. */
export class StaleUserError extends ConflictError {}

/** `deactivateAndRelease` also returns the user's numbers, devices, licenses and extension to the pools. */
export type LifecycleAction = 'deactivate' | 'deactivateAndRelease' | 'reactivate' | 'delete' | 'removeAdmin';

interface LifecycleResult {
  /** false: it was already so (a double click); nothing changed, nothing announced. */
  changed: boolean;
  user: { id: string; fullName: string; email: string };
}

const PAST = {
  deactivate: 'deactivated',
  deactivateAndRelease: 'deactivated',
  reactivate: 'reactivated',
  delete: 'deleted',
  removeAdmin: 'admin_removed',
} as const satisfies Record<LifecycleAction, string>;

const NOT_ON_YOURSELF: Record<LifecycleAction, string> = {
  deactivate: "You can't deactivate yourself",
  deactivateAndRelease: "You can't deactivate yourself",
  reactivate: "You can't reactivate yourself",
  delete: "You can't delete yourself",
  removeAdmin: "You can't remove your own admin rights",
};

/** Whether the user already is as the action would leave them (a double click). */
function alreadyDone(action: LifecycleAction, target: { active: boolean; admin: boolean }): boolean {
  if (action === 'deactivate' || action === 'deactivateAndRelease') return !target.active;
  if (action === 'reactivate') return target.active;
  if (action === 'removeAdmin') return !target.admin;
  return false;
}

/**
 * Deactivate (uncheck Active; the user stays listed), reactivate, delete (deactivated users
 * only; the audit trail keeps who they were), or remove admin rights (no approval needed). `version` is the user's version as the admin saw
 * it: a change made from an older view is refused. Guards: only Admins, in scope, never oneself,
 * and a company keeps at least one active admin.
 */
export async function changeLifecycle(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  action: LifecycleAction,
  userId: string,
  version: number,
): Promise<LifecycleResult> {
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const target = await lockUser(tx, userId);
    if (!target || !(await isInScope(tx, actor, target.organizationId))) {
      throw new StaleUserError('That user no longer exists.');
    }
    const summary = { id: target.id, fullName: fullName(target), email: target.email };
    if (target.id === actor.id) {
      throw new NotAllowedError(`${NOT_ON_YOURSELF[action]}; ask another admin of ${actor.organizationName}.`);
    }
    if (alreadyDone(action, target)) return { changed: false, user: summary };
    if (target.version !== version) {
      throw new StaleUserError(`${summary.fullName} changed since that card was shown; here it is as it is now.`);
    }
    if (action === 'reactivate' && target.invitedAt) {
      throw new ConflictError(
        `${summary.fullName} has not accepted their invitation yet, so there is nothing to reactivate. Re-send it from /invites.`,
      );
    }
    if (action === 'delete' && target.active) {
      throw new ConflictError(`Deactivate ${summary.fullName} first; only deactivated users can be deleted.`);
    }
    if (action !== 'reactivate' && action !== 'delete') await keepOneActiveAdmin(tx, target);
    const before = { active: target.active, admin: target.admin, portalAccess: target.portalAccess };
    let after: (typeof before & { released?: Released }) | undefined = { ...before };
    if (action === 'deactivateAndRelease') after.released = await releaseResources(tx, target);
    if (action === 'delete') {
      after = undefined;
      await tx.user.delete({ where: { id: target.id } });
    } else if (action === 'removeAdmin') {
      after.admin = false;
      await tx.user.update({ where: { id: target.id }, data: { admin: false, version: { increment: 1 } } });
      await tx.adminGrant.updateMany({ where: { userId: target.id, endedAt: null }, data: { endedAt: new Date() } });
    } else {
      const active = action === 'reactivate';
      after.active = active;
      await tx.user.update({
        where: { id: target.id },
        data: {
          active,
          deactivatedAt: active ? null : new Date(),
          deactivatedBy: active ? null : actor.label,
          version: { increment: 1 },
        },
      });
      // A set-password link sent before stops working; reactivating does not bring it back.
      if (!active) await retirePasswordLinks(tx, target.id);
    }
    await recordAudit(tx, {
      actor,
      action: `user.${PAST[action]}`,
      ...userTarget(target),
      before,
      after,
    });
    await announce(tx, settings, actor, action, summary, target);
    return { changed: true, user: summary };
  });
}

async function announce(
  tx: Tx,
  settings: ServiceSettings,
  actor: Actor,
  action: LifecycleAction,
  user: LifecycleResult['user'],
  target: {
    organizationId: string;
    slackTeamId: string | null;
    slackUserId: string | null;
    organization: { name: string };
  },
) {
  const notice = (audience: UserLifecycleNotice['audience']): UserLifecycleNotice => ({
    type: `user.${PAST[action]}`,
    audience,
    user: { fullName: user.fullName, email: user.email },
    company: target.organization.name,
    by: asPerson(actor),
  });
  await enqueueNotice(tx, await channelsFor(tx, settings, 'confirmations', target.organizationId), notice('channel'));
  if (action !== 'delete') await enqueueNotice(tx, directMessageTo(target), notice('subject'));
}
