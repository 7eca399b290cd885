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
 * Delivers the invitations that are due: a Slack DM with Accept / Decline (through the outbox)
 * when the email belongs to a workspace member, otherwise an email with a single-use link. Each
 * invitation is claimed with SKIP LOCKED, so several app instances deliver each once. A failure
 * is retried later with backoff. Returns how many were delivered.
 */
async function deliverDueInvitations(
  db: Database,
  channels: InvitationChannels,
  now = new Date(),
  limit = BATCH,
): Promise<number> {
  let delivered = 0;
  for (let i = 0; i < limit; i++) {
    const outcome = await db.$transaction(async (tx) => {
      const [due] = await tx.$queryRaw<{ id: string }[]>`
        SELECT id::text FROM invitation
        WHERE deliver_at <= ${now} AND status = 'sent'
        ORDER BY deliver_at LIMIT 1 FOR UPDATE SKIP LOCKED`;
      if (!due) return 'none';
      const invitation = await tx.invitation.findUniqueOrThrow({
        where: { id: due.id },
        include: { user: { include: { organization: { select: { name: true } } } } },
      });
      const { user } = invitation;
      try {
        const member = await channels.findMember(user.email);
        if (member) {
          await tx.invitation.update({
            where: { id: invitation.id },
            data: { deliverAt: null, deliveredVia: 'slack', slackTeamId: member.teamId, slackUserId: member.userId },
          });
          await enqueueNotice<InvitationOfferNotice>(tx, member.userId, {
            type: 'invitation.offer',
            audience: 'invitee',
            invitationId: invitation.id,
            email: user.email,
            company: user.organization.name,
            invitedBy: invitation.invitedBy,
            expiresAt: invitation.expiresAt!.toISOString(),
          });
        } else {
          const { token, hash } = newInvitationToken();
          await tx.invitation.update({
            where: { id: invitation.id },
            data: { deliverAt: null, deliveredVia: 'email', tokenHash: hash, slackTeamId: null, slackUserId: null },
          });
          // Sent last: if it fails, the transaction rolls back and the invitation is still due.
          await channels.sendEmail({
            to: user.email,
            company: user.organization.name,
            invitedBy: invitation.invitedBy,
            token,
            expiresAt: invitation.expiresAt!,
          });
        }
        return 'delivered';
      } catch (error) {
        return { id: invitation.id, attempts: invitation.deliveryAttempts + 1, error: (error as Error).message };
      }
    });
    if (outcome === 'none') break;
    if (outcome === 'delivered') delivered += 1;
    else {
      const wait = Math.min(MAX_BACKOFF_SECONDS, 2 ** outcome.attempts * 5);
      await db.invitation.update({
        where: { id: outcome.id },
        data: { deliveryAttempts: outcome.attempts, lastError: outcome.error, deliverAt: addSeconds(now, wait) },
      });
    }
  }
  return delivered;
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
