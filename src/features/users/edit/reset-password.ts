import type { Database } from '../../../db/client.ts';
import { actorName, asPerson, requireCapability, type ActorRef } from '../../../core/actors.ts';
import { recordAudit, userTarget } from '../../../core/audit.ts';
import { ConflictError, ValidationError } from '../../../core/errors.ts';
import { enqueueNotice } from '../../../core/outbox.ts';
import { channelsFor, directMessageTo } from '../../../core/notice-routing.ts';
import { generatePassword, hashPassword } from '../../../core/passwords.ts';
import type { ServiceSettings } from '../../../core/settings.ts';
import { fullName, validatePassword } from '../../../core/users.rules.ts';
import { retirePasswordLinks, sendPasswordLink } from '../../invitations/index.ts';
import type { PasswordResetNotice } from '../user-notices.rules.ts';
import { lockForChange } from './lock-for-change.ts';

/** Why someone invited can't have their password reset: they choose it when they accept. */
export function notJoinedYet(name: string): string {
  return `${name} has not joined yet: they choose their password when they accept their invitation. Re-send it from their card if they need a new link.`;
}

/** How the new password comes: a link they use to set it (the default), generated, or typed by the admin. */
export type PasswordReset =
  { via: 'link' } | { via: 'generate' } | { via: 'type'; password: string; confirmation: string };

interface ResetOutcome {
  fullName: string;
  /** A generated password, to show the admin once. */
  generated?: string;
  /** The link sent: as a Slack DM to a linked user (by email if Slack can't reach them), else by email; when it expires. */
  link?: { via: 'slack' | 'email'; email: string; expiresAt: Date };
}

/**
 * Resets a user's password. With a link (the default) their old password stops working and they
 * choose a new one on the invitation page (nothing is typed into Slack); the link goes out after
 * the commit. A generated password is returned once (to show the admin) and the user must change
 * it; a typed one is checked. Either of those stops any link still open. Passwords are never
 * stored in clear, audited or announced.
 */
export async function resetPassword(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  userId: string,
  version: number,
  reset: PasswordReset,
): Promise<ResetOutcome> {
  if (reset.via === 'type') {
    const checked = validatePassword(reset.password, reset.confirmation);
    if (!checked.ok) throw new ValidationError(checked.errors);
  }
  const password = reset.via === 'generate' ? generatePassword() : reset.via === 'type' ? reset.password : null;
  const passwordHash = password === null ? null : await hashPassword(password);
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const target = await lockForChange(tx, actor, userId, version);
    const name = fullName(target);
    if (target.invitedAt) {
      throw new ConflictError(notJoinedYet(name));
    }
    const now = new Date();
    const mustChangePassword = reset.via === 'generate';
    await tx.user.update({
      where: { id: target.id },
      data: { passwordHash, mustChangePassword, version: { increment: 1 } },
    });
    const link = reset.via === 'link' ? await sendPasswordLink(tx, settings, target.id, actorName(actor), now) : null;
    if (!link) await retirePasswordLinks(tx, target.id, now);
    await recordAudit(tx, {
      actor,
      action: 'user.password_reset',
      ...userTarget(target),
      after: { generated: reset.via === 'generate', linkSent: reset.via === 'link', mustChangePassword },
    });
    const notice = (audience: PasswordResetNotice['audience']): PasswordResetNotice => ({
      type: 'user.password_reset',
      audience,
      user: { fullName: name, email: target.email },
      company: target.organization.name,
      by: asPerson(actor),
    });
    await enqueueNotice(tx, await channelsFor(tx, settings, 'confirmations', target.organizationId), notice('channel'));
    await enqueueNotice(tx, directMessageTo(target), notice('subject'));
    return {
      fullName: name,
      ...(reset.via === 'generate' ? { generated: password! } : {}),
      ...(link
        ? { link: { via: target.slackUserId ? ('slack' as const) : ('email' as const), email: target.email, ...link } }
        : {}),
    };
  });
}
