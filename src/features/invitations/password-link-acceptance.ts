import type { Database, Tx } from '../../db/client.ts';
import { ValidationError } from '../../core/errors.ts';
import { fullName, validatePassword } from '../../core/users.rules.ts';
import { recordAudit, userTarget } from '../../core/audit.ts';
import { hashPassword } from '../../core/passwords.ts';
import { lockUser } from '../../core/user-rows.ts';
import { hashInvitationToken } from './invitation-tokens.ts';

/** What the page shows for a link to set one's password. */
export type PasswordLinkState =
  | { state: 'open'; email: string; fullName: string; company: string; expiresAt: Date }
  | { state: 'unknown' | 'used' | 'replaced' }
  | { state: 'expired'; expiredAt: Date };

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

async function linkForToken(db: Database | Tx, token: string, lock: boolean) {
  if (!TOKEN_SHAPE.test(token)) return null;
  const hash = hashInvitationToken(token);
  if (lock) await db.$queryRaw`SELECT id FROM password_link WHERE token_hash = ${hash} FOR UPDATE`;
  return db.passwordLink.findUnique({
    where: { tokenHash: hash },
    include: { user: { include: { organization: { select: { name: true } } } } },
  });
}

function stateOf(link: Awaited<ReturnType<typeof linkForToken>>, now: Date): PasswordLinkState {
  if (!link) return { state: 'unknown' };
  if (link.usedAt) return { state: 'used' };
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
  return stateOf(await linkForToken(db, token, false), now);
}

/**
 * Sets the user's password from their link (typed twice on the page, never in Slack). The link
 * works once: it is locked and its state checked in the transaction that uses it. A link that is
 * not open is refused with its state, changing nothing; a refused password changes nothing either.
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
    const link = await linkForToken(tx, token, true);
    const state = stateOf(link, now);
    if (state.state !== 'open' || !link) return state;
    const user = (await lockUser(tx, link.userId))!;
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
    case 'replaced':
      return 'This link was replaced: an admin sent you a newer one, or set your password since. Use the link in the latest message or email you got from Switchboard.';
    case 'expired':
      return 'This link has expired. Ask an admin of your company to send you a new one (Reset password on your card).';
  }
}
