import type { Database } from '../../../db/client.ts';
import { ConflictError, NotAllowedError, NotFoundError, ValidationError } from '../../../core/errors.ts';
import { asPerson, requireCapability, type ActorRef } from '../../../core/actors.ts';
import { recordAudit, userTarget } from '../../../core/audit.ts';
import { enqueueNotice } from '../../../core/outbox.ts';
import { channelsFor } from '../../../core/notice-routing.ts';
import type { ServiceSettings } from '../../../core/settings.ts';
import { lockUser } from '../../../core/user-rows.ts';
import { fullName } from '../../../core/users.rules.ts';
import type { UserLifecycleNotice } from '../user-notices.rules.ts';

/**
 * The operator's break-glass: gives the Admin privilege without an approval — for the first admins
 * of a company, whose requests no one else could approve. Only a system actor (the CLI) may; a
 * reason is required. Refused for an unknown email, someone invited who has not accepted yet,
 * someone deactivated, and someone already an admin. Audited, and announced in the approvals channel.
 */
export async function grantAdminAsOperator(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  input: { email: string; reason: string },
): Promise<{ user: { id: string; fullName: string; email: string } }> {
  const reason = input.reason.trim();
  if (!reason) throw new ValidationError({ reason: 'Say why admin rights are given: --reason "…".' });
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    if (actor.id !== null) throw new NotAllowedError('Only the operator gives admin rights without approval.');
    const email = input.email.trim().toLowerCase();
    const found = await tx.user.findFirst({ where: { email }, select: { id: true } });
    const target = found ? await lockUser(tx, found.id) : null;
    if (!target) throw new NotFoundError(`There is no user with the email ${email}.`);
    const name = fullName(target);
    if (target.invitedAt) {
      throw new ConflictError(`${name} has not accepted their invitation yet; grant admin rights once they have.`);
    }
    if (!target.active) throw new ConflictError(`${name} is deactivated; reactivate them first.`);
    if (target.admin) throw new ConflictError(`${name} already is an admin.`);
    await tx.user.update({ where: { id: target.id }, data: { admin: true, version: { increment: 1 } } });
    await recordAudit(tx, {
      actor,
      action: 'user.admin_granted',
      ...userTarget(target),
      before: { admin: false },
      after: { admin: true, reason },
    });
    const notice: UserLifecycleNotice = {
      type: 'user.admin_granted',
      audience: 'channel',
      user: { fullName: name, email: target.email },
      company: target.organization.name,
      by: asPerson(actor),
    };
    await enqueueNotice(tx, await channelsFor(tx, settings, 'approvals', target.organizationId), notice);
    return { user: { id: target.id, fullName: name, email: target.email } };
  });
}
