import type { Database, Tx } from '../../db/client.ts';
import { ValidationError } from '../../core/errors.ts';
import { fullName, validatePassword } from '../../core/users.rules.ts';
import { recordAudit, userTarget } from '../../core/audit.ts';
import { hashPassword } from '../../core/passwords.ts';
import { lockUser } from '../../core/user-rows.ts';
import { hashInvitationToken, isTokenShaped } from './invitation-tokens.ts';

/** What the page shows for a link to set one's password. */
export type PasswordLinkState =
  | { state: 'open'; email: string; fullName: string; company: string; expiresAt: Date }
  | { state: 'unknown' | 'used' | 'inactive' | 'replaced' }
  | { state: 'expired'; expiredAt: Date };

const WITH_USER = { user: { include: { organization: { select: { name: true } } } } } as const;

function linkForToken(db: Database | Tx, token: string) {
  if (!isTokenShaped(token)) return null;
  return db.passwordLink.findUnique({ where: { tokenHash: hashInvitationToken(token) }, include: WITH_USER });
}

function stateOf(link: Awaited<ReturnType<typeof linkForToken>>, now: Date): PasswordLinkState {
  if (!link) return { state: 'unknown' };
  if (link.usedAt) return { state: 'used' };
  // Deactivated (or never joined): no password is set for them, whatever the link.
  if (!link.user.active || link.user.invitedAt) return { state: 'inactive' };
  if (link.replacedAt) return { state: 'replaced' };
  if (link.expiresAt <= now) return { state: 'expired', expiredAt: link.expiresAt };
  return {
    state: 'open',
    email: link.user.email,
    fullName: fullName(link.user),
    company: link.user.organization.name,
    expiresAt: link.expiresAt,
  };
}

/** What a set-password link leads to, without changing anything. */
export async function inspectPasswordLink(db: Database, token: string, now = new Date()): Promise<PasswordLinkState> {
  return stateOf(await linkForToken(db, token), now);
}

/**
 * Sets the user's password from their link (typed twice on the page, never in Slack). The link
 * works once: it is locked and its state checked in the transaction that uses it. A link that is
 * not open (or whose user is not active) is refused with its state, changing nothing; a refused
 * password changes nothing either. Locks the user before the link, as every other writer of
 * password links does (Reset password, relinking Slack, deactivation), so none of them deadlock.
 */
export async function setPasswordWithLink(
  db: Database,
  token: string,
  form: { password: string; passwordConfirmation: string },
  now = new Date(),
): Promise<{ state: 'set'; fullName: string; email: string } | PasswordLinkState> {
  const checked = validatePassword(form.password, form.passwordConfirmation);
  if (!checked.ok) throw new ValidationError(checked.errors);
  const passwordHash = await hashPassword(checked.value);
  return db.$transaction(async (tx) => {
    const found = await linkForToken(tx, token);
    if (!found || !(await lockUser(tx, found.userId))) return stateOf(null, now);
    await tx.$queryRaw`SELECT id FROM password_link WHERE id = ${found.id}::uuid FOR UPDATE`;
    const link = await tx.passwordLink.findUnique({ where: { id: found.id }, include: WITH_USER });
    const state = stateOf(link, now);
    if (state.state !== 'open' || !link) return state;
    const { user } = link;
    await tx.user.update({
      where: { id: user.id },
      data: { passwordHash, mustChangePassword: false, version: { increment: 1 } },
    });
    await tx.passwordLink.update({ where: { id: link.id }, data: { usedAt: now, deliverAt: null } });
    await recordAudit(tx, {
      actor: { id: user.id, label: user.email },
      action: 'user.password_set',
      ...userTarget(user),
      after: { via: 'link' },
    });
    return { state: 'set' as const, fullName: fullName(user), email: user.email };
  });
}

/** Why a set-password link can't be used, for each state that is not open. */
export function passwordLinkMessage(state: Exclude<PasswordLinkState, { state: 'open' }>): string {
  switch (state.state) {
    case 'unknown':
      return 'This link is not valid. Check that you copied all of it, or ask an admin of your company to send you a new one.';
    case 'used':
      return 'This link has been used already: your password is set. Sign in with your email and that password; if you have forgotten it, ask an admin to send you a new link.';
    case 'inactive':
      return 'This link no longer works: your Switchboard account is not active. Ask an admin of your company if you need it.';
    case 'replaced':
      return 'This link was replaced: an admin sent you a newer one, set your password, or changed your Slack account or email since. Use the link in the latest message or email you got from Switchboard, or ask an admin for a new one.';
    case 'expired':
      return 'This link has expired. Ask an admin of your company to send you a new one (Reset password on your card).';
  }
}
