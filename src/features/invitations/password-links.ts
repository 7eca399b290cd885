import { addMinutes } from 'date-fns/addMinutes';
import type { Tx } from '../../db/client.ts';
import type { ServiceSettings } from '../../core/settings.ts';

/**
 * Sends a user a link to set their own password, in the caller's transaction: due for delivery
 * at once (the courier sends it after the commit: a Slack DM when the user is linked to a Slack
 * account, otherwise an email), working once until the invitations' expiry. An earlier link that
 * is still open stops working.
 */
export async function sendPasswordLink(
  tx: Tx,
  settings: ServiceSettings,
  userId: string,
  sentBy: string,
  now = new Date(),
): Promise<{ expiresAt: Date }> {
  await retirePasswordLinks(tx, userId, now);
  const expiresAt = addMinutes(now, settings.invitations.ttlMinutes);
  await tx.passwordLink.create({ data: { userId, sentBy, expiresAt, deliverAt: now } });
  return { expiresAt };
}

/** Stops the user's open links (a newer one was sent, or an admin set the password). */
export async function retirePasswordLinks(tx: Tx, userId: string, now = new Date()): Promise<void> {
  await tx.passwordLink.updateMany({
    where: { userId, usedAt: null, replacedAt: null },
    data: { replacedAt: now, deliverAt: null },
  });
}

/**
 * The user's open links went where they may no longer reach them (their Slack account was
 * changed or unlinked, or their email changed): each stops working, and — while the user is
 * active and a link had not expired — a new one goes to where they are now (the courier reads
 * the row when it delivers), sent on behalf of whoever asked for the last one. The caller holds
 * the user's row locked.
 */
export async function redirectPasswordLinks(
  tx: Tx,
  settings: ServiceSettings,
  userId: string,
  now = new Date(),
): Promise<void> {
  const open = await tx.passwordLink.findFirst({
    where: { userId, usedAt: null, replacedAt: null, expiresAt: { gt: now }, user: { active: true, invitedAt: null } },
    orderBy: { createdAt: 'desc' },
    select: { sentBy: true },
  });
  if (open) await sendPasswordLink(tx, settings, userId, open.sentBy, now);
  else await retirePasswordLinks(tx, userId, now);
}
