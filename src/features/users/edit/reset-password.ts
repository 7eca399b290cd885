import type { Database } from '../../../db/client.ts';
import { asPerson, requireCapability, type ActorRef } from '../../../core/actors.ts';
import { recordAudit, userTarget } from '../../../core/audit.ts';
import { ValidationError } from '../../../core/errors.ts';
import { enqueueNotice } from '../../../core/outbox.ts';
import { generatePassword, hashPassword } from '../../../core/passwords.ts';
import type { ServiceSettings } from '../../../core/settings.ts';
import { fullName, validatePassword } from '../../../core/users.rules.ts';
import type { PasswordResetNotice } from '../user-notices.rules.ts';
import { lockForChange } from './lock-for-change.ts';

type PasswordReset = { generate: true } | { generate: false; password: string; confirmation: string };

/**
 * Sets a new password, typed twice by the admin or generated. A generated one is returned once
 * (to show the admin) and the user must change it. Never stored in clear, audited or announced.
 */
export async function resetPassword(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  userId: string,
  version: number,
  reset: PasswordReset,
): Promise<{ fullName: string; generated?: string }> {
  const password = reset.generate ? generatePassword() : reset.password;
  if (!reset.generate) {
    const checked = validatePassword(reset.password, reset.confirmation);
    if (!checked.ok) throw new ValidationError(checked.errors);
  }
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const target = await lockForChange(tx, actor, userId, version);
    await tx.user.update({
      where: { id: target.id },
      data: { passwordHash, mustChangePassword: reset.generate, version: { increment: 1 } },
    });
    const name = fullName(target);
    await recordAudit(tx, {
      actor,
      action: 'user.password_reset',
      ...userTarget(target),
      after: { generated: reset.generate, mustChangePassword: reset.generate },
    });
    const notice = (audience: PasswordResetNotice['audience']): PasswordResetNotice => ({
      type: 'user.password_reset',
      audience,
      user: { fullName: name, email: target.email },
      company: target.organization.name,
      by: asPerson(actor),
    });
    await enqueueNotice(tx, settings.notifyChannel, notice('channel'));
    if (target.slackUserId) await enqueueNotice(tx, target.slackUserId, notice('subject'));
    return reset.generate ? { fullName: name, generated: password } : { fullName: name };
  });
}
