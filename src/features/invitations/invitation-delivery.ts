import { addSeconds } from 'date-fns/addSeconds';
import type { Database } from '../../db/client.ts';
import { enqueueNotice } from '../../core/outbox.ts';
import { channelsFor, directMessageTo, homeWorkspaceOf, type Destination } from '../../core/notice-routing.ts';
import { newInvitationToken } from './invitation-tokens.ts';
import type { Logger } from '../../core/logger.ts';
import { Periodic } from '../../core/periodic.ts';
import type { ServiceSettings } from '../../core/settings.ts';
import type { InvitationOfferNotice, InvitationsExpiredNotice } from './invitation-notices.rules.ts';
import { deliverDuePasswordLinks, type PasswordLinkChannels } from './password-link-delivery.ts';
import { CLAIM_SECONDS, retryAfterOf, retryWaitSeconds } from './courier.rules.ts';

/** What an invitation email says; the mail adapter turns the token into a link. */
export interface InvitationEmail {
  to: string;
  company: string;
  invitedBy: string;
  token: string;
  expiresAt: Date;
}

interface Member {
  teamId: string;
  userId: string;
}

/** How invitations reach people: Slack for workspace members, email for everyone else. */
interface InvitationChannels {
  /** The member of `workspace` with this email, or null when there is none. Throws when Slack can't say. */
  findMember(workspace: string, email: string): Promise<Member | null>;
  /**
   * Every workspace member by lower-case email, for invitations from a file import: read once for
   * many (Slack's users.list) instead of one look-up each. Throws when Slack can't say.
   */
  members(workspace: string, signal?: AbortSignal): Promise<ReadonlyMap<string, Member>>;
  /** Sends (or, with no SMTP server, files) the email. Throws when it could not. */
  sendEmail(email: InvitationEmail): Promise<void>;
}

interface DeliveryOptions {
  /** The clock (tests); otherwise the time of each claim. */
  now?: Date;
  /** Set when the courier is stopping: no further invitation is claimed. */
  signal?: AbortSignal;
  /** At most this many invitations in one run. */
  limit?: number;
  /** No new claim after this long: an import never holds a run for minutes. */
  budgetMs?: number;
}

const BATCH = 200;
const BUDGET_MS = 5_000;
/** How many expired invitations a notice names (the rest are counted). */
const EXPIRED_NAMED = 10;

/**
 * Delivers the invitations that are due: a Slack DM with Accept / Decline (through the outbox)
 * when the email belongs to a workspace member, otherwise an email with a single-use link. Claim,
 * commit, call out, record: no network call happens inside a database transaction, so a slow
 * Slack or mail server holds no lock and rolls nothing back. A failure is retried later with
 * backoff (at least as long as Slack's Retry-After).
 *
 * Interactive before bulk: every claim takes a due interactive invitation (typed in /inviteusers,
 * a re-send, the set-up wizard's welcome) before any from a file import, so one made while an
 * import is being delivered goes out next. Interactive ones ask Slack about their email
 * (users.lookupByEmail); imported ones are looked up in the workspace's member list (users.list,
 * read once for many). A run ends after `limit` invitations or `budgetMs`, or as soon as `signal`
 * is aborted; what it did not reach stays due. Returns how many were delivered.
 */
export async function deliverDueInvitations(
  db: Database,
  channels: InvitationChannels,
  { now, signal, limit = BATCH, budgetMs = BUDGET_MS }: DeliveryOptions = {},
): Promise<number> {
  const started = Date.now();
  const clock = () => now ?? new Date();
  /** Kinds Slack told us to leave for now (rate limited or down): not claimed again this run. */
  const held = { interactive: false, bulk: false };
  /** Each workspace's members, read once a run; and each company's workspace. */
  const directories = new Map<string, ReadonlyMap<string, Member>>();
  const workspaces = new Map<string, string>();
  let delivered = 0;
  for (let i = 0; i < limit && Date.now() - started < budgetMs && !signal?.aborted; i++) {
    const claimed = await claimDue(db, clock(), held);
    if (!claimed) break;
    if (signal?.aborted) {
      // Stopping between the claim and the call: hand it back rather than leave it claimed.
      await release(db, claimed);
      break;
    }
    try {
      let member: Member | null;
      const companyId = claimed.user.organizationId;
      if (!workspaces.has(companyId)) workspaces.set(companyId, await homeWorkspaceOf(db, companyId));
      const workspace = workspaces.get(companyId)!;
      if (claimed.bulk) {
        if (!directories.has(workspace)) {
          const members = await channels.members(workspace, signal).catch((error: unknown) => {
            held.bulk = true;
            throw error;
          });
          directories.set(workspace, members);
        }
        member = directories.get(workspace)!.get(claimed.user.email.toLowerCase()) ?? null;
      } else {
        member = await channels.findMember(workspace, claimed.user.email).catch((error: unknown) => {
          if (retryAfterOf(error) !== undefined) held.interactive = true;
          throw error;
        });
      }
      if (await deliver(db, channels, claimed, member)) delivered += 1;
    } catch (error) {
      if (signal?.aborted && error === signal.reason) await release(db, claimed);
      else await retryLater(db, claimed, error, clock());
    }
    if (held.interactive && held.bulk) break;
  }
  return delivered;
}

async function retryLater(db: Database, claimed: Claimed, error: unknown, now: Date) {
  const attempts = claimed.deliveryAttempts + 1;
  const wait = retryWaitSeconds(attempts, error);
  // Only while the claim is still ours: a re-send or revocation meanwhile wins.
  await db.invitation.updateMany({
    where: { id: claimed.id, deliverAt: claimed.deliverAt },
    data: { deliveryAttempts: attempts, lastError: (error as Error).message, deliverAt: addSeconds(now, wait) },
  });
}

/** Gives a claim back untouched (due again at once), while it is still ours. */
async function release(db: Database, claimed: Claimed) {
  await db.invitation.updateMany({
    where: { id: claimed.id, deliverAt: claimed.deliverAt },
    data: { deliverAt: claimed.dueAt },
  });
}

/**
 * Takes the next due invitation (SKIP LOCKED) — interactive ones first, then bulk — and moves its
 * delivery past the claim, then commits. Each kind is its own query on (bulk, deliver_at).
 */
async function claimDue(db: Database, now: Date, held: { interactive: boolean; bulk: boolean }) {
  return db.$transaction(async (tx) => {
    let due: { id: string; deliver_at: Date } | undefined;
    for (const bulk of [false, true]) {
      if (held[bulk ? 'bulk' : 'interactive']) continue;
      [due] = await tx.$queryRaw<{ id: string; deliver_at: Date }[]>`
        SELECT id::text, deliver_at FROM invitation
        WHERE bulk = ${bulk} AND deliver_at <= ${now} AND status = 'sent'
        ORDER BY deliver_at LIMIT 1 FOR UPDATE SKIP LOCKED`;
      if (due) break;
    }
    if (!due) return null;
    const claimed = await tx.invitation.update({
      where: { id: due.id },
      data: { deliverAt: addSeconds(now, CLAIM_SECONDS) },
      include: { user: { include: { organization: { select: { name: true } } } } },
    });
    return { ...claimed, dueAt: new Date(due.deliver_at) };
  });
}

type Claimed = NonNullable<Awaited<ReturnType<typeof claimDue>>>;

/**
 * Delivers a claimed invitation; false when it was re-sent or revoked meanwhile (every write is
 * conditional on the claim). An email's link is stored before the email goes out, so it works
 * from the moment the email can arrive.
 */
async function deliver(
  db: Database,
  channels: InvitationChannels,
  claimed: Claimed,
  member: Member | null,
): Promise<boolean> {
  const { user } = claimed;
  const ours = { id: claimed.id, status: 'sent' as const, deliverAt: claimed.deliverAt };
  if (member) {
    return db.$transaction(async (tx) => {
      const { count } = await tx.invitation.updateMany({
        where: ours,
        data: { deliverAt: null, deliveredVia: 'slack', slackTeamId: member.teamId, slackUserId: member.userId },
      });
      if (!count) return false;
      const invitee = directMessageTo({ slackTeamId: member.teamId, slackUserId: member.userId });
      await enqueueNotice<InvitationOfferNotice>(tx, invitee, {
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
    const expired = await tx.$queryRaw<{ email: string; organizationId: string }[]>`
      WITH gone AS (
        UPDATE invitation SET status = 'expired', deliver_at = NULL, ended_at = ${now}
        WHERE status = 'sent' AND expires_at <= ${now}
        RETURNING user_id
      )
      SELECT u.email, u.organization_id::text AS "organizationId"
      FROM gone JOIN "user" u ON u.id = gone.user_id ORDER BY u.email`;
    // One notice per channel, naming the invitations of the companies it is told about.
    const told = new Map<string, { to: Destination; emails: string[] }>();
    const channelsOf = new Map<string, Destination[]>();
    for (const { email, organizationId } of expired) {
      if (!channelsOf.has(organizationId)) {
        channelsOf.set(organizationId, await channelsFor(tx, settings, 'invitations', organizationId));
      }
      for (const to of channelsOf.get(organizationId)!) {
        const id = `${to.workspace} ${to.channel}`;
        if (!told.has(id)) told.set(id, { to, emails: [] });
        told.get(id)!.emails.push(email);
      }
    }
    for (const { to, emails } of told.values()) {
      await enqueueNotice<InvitationsExpiredNotice>(tx, to, {
        type: 'invitations.expired',
        audience: 'channel',
        count: emails.length,
        emails: emails.slice(0, EXPIRED_NAMED),
      });
    }
    return expired.length;
  });
}

/**
 * Delivers due invitations and set-password links, and expires old invitations, every `intervalMs` until stopped. Stopping ends a
 * run between two invitations (the signal); one in flight finishes, or is left claimed and so is
 * delivered after its claim runs out.
 */
export class InvitationCourier extends Periodic {
  constructor(
    db: Database,
    settings: ServiceSettings,
    channels: InvitationChannels & PasswordLinkChannels,
    logger: Logger,
    intervalMs = 2_000,
  ) {
    super(
      'invitations',
      (signal) =>
        Promise.all([
          deliverDueInvitations(db, channels, { signal }),
          deliverDuePasswordLinks(db, channels, { signal }),
          expireInvitations(db, settings),
        ]),
      intervalMs,
      logger,
    );
  }
}
