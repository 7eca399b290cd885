import { addMinutes } from 'date-fns/addMinutes';
import type { Database, Tx } from '../../db/client.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.ts';
import { checkInviteRows, type InvitationStatus } from './invitations.rules.ts';
import { fullName } from '../../core/users.rules.ts';
import { requireCapability, type Actor, type ActorRef } from '../../core/actors.ts';
import { recordAudit } from '../../core/audit.ts';
import { insertInvitations, giveSeats } from './invitation-writer.ts';
import { companiesOf, companyWithId } from '../../core/scope.ts';
import { literalLike } from '../../core/text.rules.ts';
import { announce } from '../../core/outbox.ts';
import { channelsFor } from '../../core/notice-routing.ts';
import { claimSeats, productNamed } from '../licenses/index.ts';
import type { ServiceSettings } from '../../core/settings.ts';
import { lockUser, type LockedUser } from '../../core/user-rows.ts';
import type { InvitationNotice } from './invitation-notices.rules.ts';

/** Who may still join: invitations that are not accepted. */
const OPEN: InvitationStatus[] = ['waiting_license', 'sent', 'expired', 'declined', 'revoked'];

/**
 * Invites up to ten people into a company in scope (the /inviteusers modal). Each row with its license
 * on takes a seat of `product` and goes out at once; with it off, the person is listed as invited
 * and nothing goes out until they get a license. All rows or none: mistyped or repeated emails,
 * people who already are users or invited, a missing product and too few seats are all refused
 * together, each on its row (seats on the product), and nothing changes. Admins only.
 */
export async function inviteUsers(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  input: { organizationId: string; product?: string; rows: { email: string; license: boolean }[] },
): Promise<{ company: string; invited: { email: string; license: boolean }[] }> {
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const company = await companyWithId(tx, actor, input.organizationId);
    const typed = checkInviteRows(input.rows);
    const existing = await tx.user.findMany({
      where: { email: { in: typed.rows.map((row) => row.email) } },
      select: { email: true, invitedAt: true },
    });
    const known = new Map(existing.map((user) => [user.email, user.invitedAt ? 'invited' : 'user'] as const));
    const { rows, seatsWanted, errors } = checkInviteRows(input.rows, known);
    const product = await productNamed(tx, input.product).catch((error: unknown) => {
      if (!(error instanceof ValidationError)) throw error;
      Object.assign(errors, error.fields);
      return null;
    });
    if (!product && seatsWanted && !errors.product) {
      errors.product = 'Choose the product whose license the people with License on get.';
    }
    if (product && seatsWanted) {
      const pool = { organizationId: company.id, companyName: company.name };
      // Too few seats is about the product chosen in the form: say so there. The pool stays locked
      // until the seats are given below.
      await claimSeats(tx, { ...pool, productId: product.id, productName: product.name }, seatsWanted).catch(
        (error: unknown) => {
          if (!(error instanceof ConflictError)) throw error;
          errors.product = error.message;
        },
      );
    }
    if (Object.keys(errors).length) throw new ValidationError(errors);
    const now = new Date();
    const people = await insertInvitations(
      tx,
      { organizationId: company.id, actor, ttlMinutes: settings.invitations.ttlMinutes, now },
      rows,
    );
    const licensed = people.filter((person) => person.license).map((person) => person.userId);
    if (product && licensed.length) {
      // An email added concurrently is skipped by insertInvitations: it takes no seat.
      await giveSeats(tx, product.id, licensed);
    }
    const to = await channelsFor(tx, settings, 'invitations', company.id);
    for (const person of people) {
      await announce<InvitationNotice>(tx, to, actor, {
        type: 'invitation.created',
        user: { fullName: person.email, email: person.email },
        company: company.path,
        waitingForLicense: !person.license,
      });
    }
    return { company: company.path, invited: people.map(({ email, license }) => ({ email, license })) };
  });
}

/**
 * Keeps a user's invitation in step with their licenses (MySangoma's rule: one invitation, one
 * license): getting a first license sends an invitation that was waiting; losing the last one
 * takes a sent invitation back (its link stops working) until a license is on again.
 */
export async function followLicenses(
  tx: Tx,
  settings: ServiceSettings,
  userId: string,
  now = new Date(),
): Promise<'sent' | 'withdrawn' | undefined> {
  const invitation = await tx.invitation.findUnique({ where: { userId } });
  if (!invitation) return undefined;
  const licenses = await tx.licenseAssignment.count({ where: { userId } });
  if (invitation.status === 'waiting_license' && licenses > 0) {
    await tx.invitation.update({ where: { id: invitation.id }, data: sendingNow(settings, now) });
    return 'sent';
  }
  if (invitation.status === 'sent' && licenses === 0) {
    await retireLink(tx, invitation, now);
    await tx.invitation.update({
      where: { id: invitation.id },
      data: { status: 'waiting_license', tokenHash: null, deliverAt: null, expiresAt: null },
    });
    return 'withdrawn';
  }
  return undefined;
}

/**
 * Keeps the hash of a link that stops working (a re-send replaces it, or the invitation goes on
 * hold), so the page can say what happened to it rather than "not valid".
 */
async function retireLink(tx: Tx, invitation: { id: string; tokenHash: string | null }, now: Date) {
  if (!invitation.tokenHash) return;
  await tx.retiredInvitationLink.create({
    data: { tokenHash: invitation.tokenHash, invitationId: invitation.id, retiredAt: now },
  });
}

/**
 * A fresh invitation, due for delivery now: the old link (if any) stops working. Someone is
 * waiting for it (a re-send, a license turned on), so it goes ahead of any file import's.
 */
function sendingNow(settings: ServiceSettings, now: Date) {
  return {
    status: 'sent' as const,
    tokenHash: null,
    deliverAt: now,
    bulk: false,
    deliveredVia: null,
    deliveryAttempts: 0,
    lastError: null,
    sentAt: now,
    expiresAt: addMinutes(now, settings.invitations.ttlMinutes),
    endedAt: null,
  };
}

async function lockInvitedUser(tx: Tx, actor: Actor, userId: string) {
  const user = await lockUser(tx, userId);
  const inScope = user && (await companiesOf(tx, actor)).some((company) => company.id === user.organizationId);
  if (!user || !inScope) throw new NotFoundError('That user is not in your companies any more.');
  const invitation = await tx.invitation.findUnique({ where: { userId } });
  if (!invitation || !OPEN.includes(invitation.status)) {
    throw new ConflictError(`${fullName(user)} has no open invitation: they have joined already.`);
  }
  return { user, invitation };
}

/**
 * Sends a user's invitation again with a new link (the old one stops working) and a new expiry.
 * They must hold a license: without one, an invitation can't go out.
 */
export async function resendInvitation(db: Database, settings: ServiceSettings, ref: ActorRef, userId: string) {
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const { user, invitation } = await lockInvitedUser(tx, actor, userId);
    if ((await tx.licenseAssignment.count({ where: { userId } })) === 0) {
      throw new ConflictError(
        `${user.email} holds no license, so no invitation can go out. Turn one on first: /licenses assign ${user.email} <product>.`,
      );
    }
    const now = new Date();
    await retireLink(tx, invitation, now);
    await tx.invitation.update({ where: { userId }, data: sendingNow(settings, now) });
    await record(tx, settings, actor, user, 'resent');
    return { email: user.email, expiresAt: addMinutes(now, settings.invitations.ttlMinutes) };
  });
}

/**
 * Takes an invitation back: its link stops working and the seats the person held are free again.
 * They stay listed (as in the portal) and can be sent a new invitation later.
 */
export async function revokeInvitation(db: Database, settings: ServiceSettings, ref: ActorRef, userId: string) {
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const { user, invitation } = await lockInvitedUser(tx, actor, userId);
    if (invitation.status === 'revoked')
      throw new ConflictError(`The invitation of ${user.email} was revoked already.`);
    const freed = await tx.licenseAssignment.deleteMany({ where: { userId } });
    await tx.invitation.update({
      where: { userId },
      data: { status: 'revoked', deliverAt: null, endedAt: new Date() },
    });
    await record(tx, settings, actor, user, 'revoked');
    return { email: user.email, seatsFreed: freed.count };
  });
}

async function record(tx: Tx, settings: ServiceSettings, actor: Actor, user: LockedUser, what: 'resent' | 'revoked') {
  await recordAudit(tx, {
    actor,
    action: `invitation.${what}`,
    target: { type: 'user', id: user.id, label: user.email },
    organizationId: user.organizationId,
  });
  await announce<InvitationNotice>(tx, await channelsFor(tx, settings, 'invitations', user.organizationId), actor, {
    type: `invitation.${what}`,
    user: { fullName: fullName(user), email: user.email },
    company: user.organization.name,
  });
}

export interface InvitationLine {
  userId: string;
  email: string;
  company: string;
  status: InvitationStatus;
  expiresAt: Date | null;
  deliveredVia: string | null;
  licenses: string[];
}

/** Open invitations in the actor's companies, newest first, optionally matching `search`. */
export async function listInvitations(
  db: Database,
  ref: ActorRef,
  search = '',
  limit = 20,
  offset = 0,
): Promise<{ lines: InvitationLine[]; total: number; offset: number }> {
  const actor = await requireCapability(db, ref, 'manageUsers');
  const companies = await companiesOf(db, actor);
  const where = {
    status: { in: OPEN },
    user: {
      organizationId: { in: companies.map((company) => company.id) },
      // Matched literally: `%`, `_` and `\` are what they are (Prisma does not escape them).
      ...(search.trim() ? { email: { contains: literalLike(search.trim().toLowerCase()) } } : {}),
    },
  };
  const [rows, total] = await Promise.all([
    db.invitation.findMany({
      where,
      // The user id breaks ties, so pages neither repeat nor skip an invitation.
      orderBy: [{ createdAt: 'desc' }, { userId: 'asc' }],
      skip: offset,
      take: limit,
      include: { user: { include: { organization: true, licenses: { include: { product: true } } } } },
    }),
    db.invitation.count({ where }),
  ]);
  return {
    total,
    offset,
    lines: rows.map((row) => ({
      userId: row.userId,
      email: row.user.email,
      company: row.user.organization.name,
      status: row.status,
      expiresAt: row.expiresAt,
      deliveredVia: row.deliveredVia,
      licenses: row.user.licenses.map((license) => license.product.name),
    })),
  };
}
