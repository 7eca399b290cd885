import type { Database, Tx } from '../../db/client.ts';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import { fullName } from '../../core/users.rules.ts';
import { requireCapability, type ActorRef } from '../../core/actors.ts';
import { recordAudit, userTarget } from '../../core/audit.ts';
import { isInScope } from '../../core/scope.ts';
import { isUuid } from '../../core/ids.rules.ts';
import { CALL_LIST_PRIVACIES, type CallListPrivacy } from './user-settings.rules.ts';

export interface UserSettings {
  webSms: boolean;
  callList: CallListPrivacy;
  newsletter: boolean;
}

/**
 * Whose settings the actor may change: their own (any active user), or — for Admins — those of a
 * user of their companies. Returns the user and whether it is the actor themselves.
 */
async function settingsTarget(db: Database | Tx, ref: ActorRef, userId?: string) {
  const actor = await requireCapability(db, ref, 'ownProfile');
  const id = userId ?? actor.id!;
  if (id !== actor.id) await requireCapability(db, ref, 'manageUsers');
  const user = isUuid(id) ? await db.user.findUnique({ where: { id } }) : null;
  if (!user || (id !== actor.id && !(await isInScope(db, actor, user.organizationId)))) {
    throw new NotFoundError('That user no longer exists.');
  }
  return { actor, user };
}

/** A user's settings (one's own, or an Admin's view of a user in scope). */
export async function getUserSettings(db: Database, ref: ActorRef, userId?: string) {
  const { user } = await settingsTarget(db, ref, userId);
  return {
    userId: user.id,
    fullName: fullName(user),
    settings: { webSms: user.webSms, callList: user.callList, newsletter: user.newsletter } satisfies UserSettings,
  };
}

/** Saves a user's settings: one's own, or (Admins) a user's in scope. Audited. */
export async function saveUserSettings(db: Database, ref: ActorRef, userId: string, settings: UserSettings) {
  if (!CALL_LIST_PRIVACIES.includes(settings.callList)) {
    throw new ValidationError({
      callList: 'Choose how the call list shows numbers: complete, shortened, or not kept.',
    });
  }
  return db.$transaction(async (tx) => {
    const { actor, user } = await settingsTarget(tx, ref, userId);
    const before = { webSms: user.webSms, callList: user.callList, newsletter: user.newsletter };
    await tx.user.update({ where: { id: user.id }, data: { ...settings, version: { increment: 1 } } });
    await recordAudit(tx, {
      actor,
      action: 'user.settings_changed',
      ...userTarget(user),
      before,
      after: { ...settings },
    });
  });
}
