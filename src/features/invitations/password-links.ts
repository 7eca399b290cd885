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
