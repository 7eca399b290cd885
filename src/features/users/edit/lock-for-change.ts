import type { Tx } from '../../../db/client.ts';
import type { Actor } from '../../../core/actors.ts';
import { isInScope } from '../../../core/scope.ts';
import { lockUser, type LockedUser } from '../../../core/user-rows.ts';
import { fullName } from '../../../core/users.rules.ts';
import { StaleUserError } from '../lifecycle/lifecycle.ts';

/** Starts a change on a user the actor may manage; refuses one made from an out-of-date view. */
export async function lockForChange(tx: Tx, actor: Actor, userId: string, version: number): Promise<LockedUser> {
  const target = await lockUser(tx, userId);
  if (!target || !(await isInScope(tx, actor, target.organizationId))) {
    throw new StaleUserError('That user no longer exists.');
  }
  if (target.version !== version) {
    throw new StaleUserError(
      `${fullName(target)} was changed by someone else since you opened this; here is the user as they are now.`,
    );
  }
  return target;
}
