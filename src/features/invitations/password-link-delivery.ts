import { addSeconds } from 'date-fns/addSeconds';
import type { Database } from '../../db/client.ts';
import { fullName } from '../../core/users.rules.ts';
import { newInvitationToken } from './invitation-tokens.ts';
import { CLAIM_SECONDS, retryWaitSeconds } from './courier.rules.ts';

/** What a set-password DM or email says; the adapter turns the token into a link. */
export interface PasswordLinkMessage {
  to: string;
  fullName: string;
  company: string;
  sentBy: string;
  token: string;
  expiresAt: Date;
}

/** How set-password links reach people: a Slack DM to a linked user, otherwise an email. */
export interface PasswordLinkChannels {
  /**
   * Posts the DM with its button (chat.postMessage to the user). False when Slack says there is no
   * one to send it to (the account was deactivated, or is gone): the email goes instead. Throws
   * when Slack did not take it for another reason (it is tried again later).
   */
  sendPasswordMessage(workspace: string, slackUserId: string, message: PasswordLinkMessage): Promise<boolean>;
  /** Sends (or, with no SMTP server, files) the email. Throws when it could not. */
  sendPasswordEmail(message: PasswordLinkMessage): Promise<void>;
}

const BATCH = 50;

/**
 * Delivers the set-password links that are due, as the invitation courier delivers invitations:
 * claim (SKIP LOCKED, the delivery moved past the claim), commit, then — outside any transaction —
 * store the new token's hash and send it: a DM with a button when the user is linked to a Slack
 * account (read from their row now), otherwise an email. The token exists only in that message.
 * Every write after the claim is conditional on it, so a newer link or a used one wins. A failure
 * is retried later with backoff (at least Slack's Retry-After). Returns how many went out.
 */
export async function deliverDuePasswordLinks(
  db: Database,
  channels: PasswordLinkChannels,
  { now, signal, limit = BATCH }: { now?: Date; signal?: AbortSignal; limit?: number } = {},
): Promise<number> {
  const clock = () => now ?? new Date();
  let delivered = 0;
  for (let i = 0; i < limit && !signal?.aborted; i++) {
    const claimed = await claimDue(db, clock());
    if (!claimed) break;
    try {
      if (await deliver(db, channels, claimed, clock())) delivered += 1;
    } catch (error) {
      await retryLater(db, claimed, error, clock());
    }
  }
  return delivered;
}

async function claimDue(db: Database, now: Date) {
  return db.$transaction(async (tx) => {
    const [due] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text FROM password_link
      WHERE deliver_at <= ${now} AND used_at IS NULL AND replaced_at IS NULL AND expires_at > ${now}
      ORDER BY deliver_at LIMIT 1 FOR UPDATE SKIP LOCKED`;
    if (!due) return null;
    return tx.passwordLink.update({
      where: { id: due.id },
      data: { deliverAt: addSeconds(now, CLAIM_SECONDS) },
      include: { user: { include: { organization: { select: { name: true } } } } },
    });
  });
}

type Claimed = NonNullable<Awaited<ReturnType<typeof claimDue>>>;

/** Sends a claimed link; false when it was replaced or used meanwhile. The hash is stored first. */
async function deliver(db: Database, channels: PasswordLinkChannels, claimed: Claimed, now: Date) {
  const { user } = claimed;
  const ours = { id: claimed.id, deliverAt: claimed.deliverAt, usedAt: null, replacedAt: null };
  const { token, hash } = newInvitationToken();
  const stored = await db.passwordLink.updateMany({ where: ours, data: { tokenHash: hash } });
  if (!stored.count) return false;
  const message: PasswordLinkMessage = {
    to: user.email,
    fullName: fullName(user),
    company: user.organization.name,
    sentBy: claimed.sentBy,
    token,
    expiresAt: claimed.expiresAt,
  };
  const inSlack = user.slackUserId
    ? await channels.sendPasswordMessage(user.slackTeamId ?? '', user.slackUserId, message)
    : false;
  if (!inSlack) await channels.sendPasswordEmail(message);
  await db.passwordLink.updateMany({
    where: { id: claimed.id, tokenHash: hash },
    data: { deliverAt: null, deliveredAt: now, deliveredVia: inSlack ? 'slack' : 'email', lastError: null },
  });
  return true;
}

async function retryLater(db: Database, claimed: Claimed, error: unknown, now: Date) {
  const attempts = claimed.deliveryAttempts + 1;
  const wait = retryWaitSeconds(attempts, error);
  await db.passwordLink.updateMany({
    where: { id: claimed.id, deliverAt: claimed.deliverAt },
    data: { deliveryAttempts: attempts, lastError: (error as Error).message, deliverAt: addSeconds(now, wait) },
  });
}
