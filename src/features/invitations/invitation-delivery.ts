import { addSeconds } from 'date-fns';
import type { Database } from '../../db/client.ts';
import { enqueueNotice } from '../../core/outbox.ts';
import { newInvitationToken } from './invitation-tokens.ts';
import { Periodic } from '../../core/periodic.ts';
import type { ServiceSettings } from '../../core/settings.ts';
import type { InvitationOfferNotice, InvitationsExpiredNotice } from './invitation-notices.rules.ts';

/** What an invitation email says; the mail adapter turns the token into a link. */
export interface InvitationEmail {
  to: string;
  company: string;
  invitedBy: string;
  token: string;
  expiresAt: Date;
}

/** How invitations reach people: Slack for workspace members, email for everyone else. */
interface InvitationChannels {
  /** The workspace member with this email, or null when there is none. Throws when Slack can't say. */
  findMember(email: string): Promise<{ teamId: string; userId: string } | null>;
  /** Sends (or, with no SMTP server, files) the email. Throws when it could not. */
  sendEmail(email: InvitationEmail): Promise<void>;
}

const BATCH = 20;
const MAX_BACKOFF_SECONDS = 3600;
/** How many expired invitations a notice names (the rest are counted). */
const EXPIRED_NAMED = 10;

/**
 * A claim on a due invitation lasts this long: no other run or instance takes it while this one
 * asks Slack and sends the email. Should the process die meanwhile, it is due again after it.
 */
const CLAIM_SECONDS = 300;

/**
 * Delivers the invitations that are due: a Slack DM with Accept / Decline (through the outbox)
 * when the email belongs to a workspace member, otherwise an email with a single-use link. Claim,
 * commit, call out, record: no network call happens inside a database transaction, so a slow
 * Slack or mail server holds no lock and rolls nothing back. A failure is retried later with
 * backoff. Returns how many were delivered.
 */
export async function deliverDueInvitations(
  db: Database,
  channels: InvitationChannels,
  now = new Date(),
  limit = BATCH,
): Promise<number> {
  let delivered = 0;
  for (let i = 0; i < limit; i++) {
    const claimed = await claimDue(db, now);
    if (!claimed) break;
    try {
      if (await deliver(db, channels, claimed)) delivered += 1;
    } catch (error) {
      const attempts = claimed.deliveryAttempts + 1;
      const wait = Math.min(MAX_BACKOFF_SECONDS, 2 ** attempts * 5);
      // Only while the claim is still ours: a re-send or revocation meanwhile wins.
      await db.invitation.updateMany({
        where: { id: claimed.id, deliverAt: claimed.deliverAt },
        data: { deliveryAttempts: attempts, lastError: (error as Error).message, deliverAt: addSeconds(now, wait) },
      });
    }
  }
  return delivered;
}

/** Takes the next due invitation (SKIP LOCKED) and moves its delivery past the claim, then commits. */
function claimDue(db: Database, now: Date) {
  return db.$transaction(async (tx) => {
    const [due] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text FROM invitation
      WHERE deliver_at <= ${now} AND status = 'sent'
      ORDER BY deliver_at LIMIT 1 FOR UPDATE SKIP LOCKED`;
    if (!due) return null;
    return tx.invitation.update({
      where: { id: due.id },
      data: { deliverAt: addSeconds(now, CLAIM_SECONDS) },
      include: { user: { include: { organization: { select: { name: true } } } } },
    });
  });
}

type Claimed = NonNullable<Awaited<ReturnType<typeof claimDue>>>;

/**
 * Delivers a claimed invitation; false when it was re-sent or revoked meanwhile (every write is
 * conditional on the claim). An email's link is stored before the email goes out, so it works
 * from the moment the email can arrive.
 */
async function deliver(db: Database, channels: InvitationChannels, claimed: Claimed): Promise<boolean> {
  const { user } = claimed;
  const ours = { id: claimed.id, status: 'sent' as const, deliverAt: claimed.deliverAt };
  const member = await channels.findMember(user.email);
  if (member) {
    return db.$transaction(async (tx) => {
      const { count } = await tx.invitation.updateMany({
        where: ours,
        data: { deliverAt: null, deliveredVia: 'slack', slackTeamId: member.teamId, slackUserId: member.userId },
      });
      if (!count) return false;
      await enqueueNotice<InvitationOfferNotice>(tx, member.userId, {
        type: 'invitation.offer',
        audience: 'invitee',
        invitationId: claimed.id,
        email: user.email,
        company: user.organization.name,
        invitedBy: claimed.invitedBy,
        expiresAt: claimed.expiresAt!.toISOString(),
      });
      return true;
    });
  }
  const { token, hash } = newInvitationToken();
  const stored = await db.invitation.updateMany({
    where: ours,
    data: { deliveredVia: 'email', tokenHash: hash, slackTeamId: null, slackUserId: null },
  });
  if (!stored.count) return false;
  await channels.sendEmail({
    to: user.email,
    company: user.organization.name,
    invitedBy: claimed.invitedBy,
    token,
    expiresAt: claimed.expiresAt!,
  });
  await db.invitation.updateMany({ where: { ...ours, tokenHash: hash }, data: { deliverAt: null } });
  return true;
}

/** Marks invitations whose link ran out as expired, and announces them in one notice. */
export async function expireInvitations(db: Database, settings: ServiceSettings, now = new Date()): Promise<number> {
  return db.$transaction(async (tx) => {
    const expired = await tx.$queryRaw<{ email: string }[]>`
      WITH gone AS (
        UPDATE invitation SET status = 'expired', deliver_at = NULL, ended_at = ${now}
        WHERE status = 'sent' AND expires_at <= ${now}
        RETURNING user_id
      )
      SELECT u.email FROM gone JOIN "user" u ON u.id = gone.user_id ORDER BY u.email`;
    if (expired.length) {
      await enqueueNotice<InvitationsExpiredNotice>(tx, settings.invitations.channel, {
        type: 'invitations.expired',
        audience: 'channel',
        count: expired.length,
        emails: expired.slice(0, EXPIRED_NAMED).map((row) => row.email),
      });
    }
    return expired.length;
  });
}

/** Delivers due invitations and expires old ones every `intervalMs` until stopped. */
export class InvitationCourier extends Periodic {
  constructor(db: Database, settings: ServiceSettings, channels: InvitationChannels, intervalMs = 2_000) {
    super(
      'invitations',
      () => Promise.all([deliverDueInvitations(db, channels), expireInvitations(db, settings)]),
      intervalMs,
    );
  }
}
