import type { Database } from '../../../db/client.ts';
import { requireCapability, type ActorRef } from '../../../core/actors.ts';
import { recordAudit, userTarget } from '../../../core/audit.ts';
import { ConflictError, NotAllowedError } from '../../../core/errors.ts';
import { enqueueNotice } from '../../../core/outbox.ts';
import { channelsFor } from '../../../core/notice-routing.ts';
import type { ServiceSettings } from '../../../core/settings.ts';
import { lockUser } from '../../../core/user-rows.ts';
import { fullName, personLabel, searchTextOf } from '../../../core/users.rules.ts';
import type { EmailChangedNotice } from '../user-notices.rules.ts';
import { redirectPasswordLinks } from '../../invitations/index.ts';
import { lockForChange } from './lock-for-change.ts';

/**
 * The owner of a pending email confirms it: `confirmedBy` is the email Slack holds for the person
 * who clicked. The login switches now, unless the email was taken meanwhile.
 */
export async function confirmEmailChange(
  db: Database,
  settings: ServiceSettings,
  userId: string,
  email: string,
  confirmedBy: string,
): Promise<{ fullName: string; email: string }> {
  return db.$transaction(async (tx) => {
    const target = await lockUser(tx, userId);
    if (!target || target.pendingEmail !== email) {
      throw new ConflictError('This email change was cancelled or already done; nothing to confirm.');
    }
    if (confirmedBy.toLowerCase() !== email) {
      throw new NotAllowedError(`Only the owner of ${email} can confirm this change.`);
    }
    if (await tx.user.findUnique({ where: { email }, select: { id: true } })) {
      throw new ConflictError(`${email} is now used by another user, so it can't become this login. Ask an admin.`);
    }
    await tx.user.update({
      where: { id: target.id },
      data: { email, pendingEmail: null, searchText: searchTextOf({ ...target, email }), version: { increment: 1 } },
    });
    // A set-password link emailed to the old address stops working; a new one goes to the new login.
    await redirectPasswordLinks(tx, settings, target.id);
    const name = fullName(target);
    await recordAudit(tx, {
      actor: { id: null, label: `owner of ${email}` },
      action: 'user.email_changed',
      target: { type: 'user', id: target.id, label: personLabel({ fullName: name, email }) },
      organizationId: target.organizationId,
      before: { email: target.email },
      after: { email },
    });
    await enqueueNotice<EmailChangedNotice>(
      tx,
      await channelsFor(tx, settings, 'confirmations', target.organizationId),
      {
        type: 'user.email_changed',
        audience: 'channel',
        user: { fullName: name, email },
        previousEmail: target.email,
        company: target.organization.name,
      },
    );
    return { fullName: name, email };
  });
}

/** An admin withdraws a pending email change; the login stays as it was. */
export async function cancelEmailChange(db: Database, ref: ActorRef, userId: string, version: number): Promise<void> {
  await db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const target = await lockForChange(tx, actor, userId, version);
    if (!target.pendingEmail) return;
    await tx.user.update({ where: { id: target.id }, data: { pendingEmail: null, version: { increment: 1 } } });
    await recordAudit(tx, {
      actor,
      action: 'user.email_change_cancelled',
      ...userTarget(target),
      before: { pendingEmail: target.pendingEmail },
      after: { pendingEmail: null },
    });
  });
}
