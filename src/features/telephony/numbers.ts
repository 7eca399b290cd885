import type { Database, Tx } from '../../db/client.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.ts';
import { readNumberList, readNumbers } from './number-pool.rules.ts';
import { formatPhone, toE164 } from '../../core/phone.rules.ts';
import { fullName, personName } from '../../core/users.rules.ts';
import { requireCapability, type ActorRef } from '../../core/actors.ts';
import { recordAudit } from '../../core/audit.ts';
import { companiesOf, companyNamed } from '../../core/scope.ts';
import { announce } from '../../core/outbox.ts';
import { channelsFor } from '../../core/notice-routing.ts';
import type { ServiceSettings } from '../../core/settings.ts';
import { lockUserByEmail } from '../../core/user-rows.ts';
import { isUuid } from '../../core/ids.rules.ts';
import type { TelephonyNotice } from './telephony-notices.rules.ts';
import { recordAssignment } from './assignments.ts';
import { LIST_PAGE_SIZE, pageAt } from '../../core/lists.rules.ts';

export interface NumberPool {
  /** The company's path, as people read it. */
  company: string;
  /** Its name, as /numbers takes it (for the page buttons). */
  companyName: string;
  available: number;
  /** The first available numbers (at most FREE_SHOWN), in order. */
  firstAvailable: string[];
  /** A page of the assigned numbers, in order, from `offset` (0-based); `assignedTotal` counts them all. */
  assigned: { number: string; user: string }[];
  assignedTotal: number;
  offset: number;
}

export const FREE_SHOWN = 50;

/**
 * A company's pool of numbers: how many are free (the first of them) and who holds the others —
 * a page of them from `offset`, or `all` of them (as the CLI lists them).
 */
export async function numberPool(
  db: Database,
  ref: ActorRef,
  company?: string,
  { offset = 0, all = false }: { offset?: number; all?: boolean } = {},
): Promise<NumberPool> {
  const actor = await requireCapability(db, ref, 'viewDirectory');
  const chosen = await companyNamed(db, actor, company);
  const held = { organizationId: chosen.id, userId: { not: null } };
  const [available, firstAvailable, assignedTotal] = await Promise.all([
    db.phoneNumber.count({ where: { organizationId: chosen.id, userId: null } }),
    db.phoneNumber.findMany({
      where: { organizationId: chosen.id, userId: null },
      orderBy: { number: 'asc' },
      take: FREE_SHOWN,
    }),
    db.phoneNumber.count({ where: held }),
  ]);
  const limit = all ? undefined : LIST_PAGE_SIZE;
  const page = all ? { offset: 0 } : pageAt(offset, assignedTotal);
  const assigned = await db.phoneNumber.findMany({
    where: held,
    orderBy: { number: 'asc' },
    skip: page.offset,
    take: limit,
    include: { user: { select: { firstName: true, lastName: true, email: true } } },
  });
  return {
    company: chosen.path,
    companyName: chosen.name,
    available,
    firstAvailable: firstAvailable.map((row) => row.number),
    assigned: assigned.map((row) => ({ number: row.number, user: personName(row.user!) })),
    assignedTotal,
    offset: page.offset,
  };
}

/**
 * Adds numbers to a company's pool (Admins): one, a range, or (`list`) a file's lines. All or none: a number that is in a
 * pool already (any company's) refuses the whole request, naming it.
 */
export async function addNumbers(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  input: { numbers: string; company?: string; list?: boolean },
): Promise<{ company: string; added: number }> {
  const read = (input.list ? readNumberList : readNumbers)(input.numbers, settings.defaultPhoneRegion);
  if (!read.ok) throw new ValidationError(read.errors);
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const company = await companyNamed(tx, actor, input.company);
    const clash = await tx.phoneNumber.findFirst({
      where: { number: { in: read.value } },
      include: { organization: { select: { id: true, name: true } } },
    });
    if (clash) {
      const inScope = (await companiesOf(tx, actor)).some((c) => c.id === clash.organizationId);
      throw new ConflictError(
        `${formatPhone(clash.number)} is in ${inScope ? `the pool of ${clash.organization.name}` : "another company's pool"} already; nothing was added.`,
      );
    }
    await tx.phoneNumber.createMany({ data: read.value.map((number) => ({ organizationId: company.id, number })) });
    const range = read.value.length === 1 ? read.value[0]! : `${read.value[0]}..${read.value.at(-1)}`;
    await recordAudit(tx, {
      actor,
      action: 'numbers.added',
      target: { type: 'organization', id: company.id, label: company.path },
      organizationId: company.id,
      after: { numbers: range, count: read.value.length },
    });
    const shown =
      read.value.length === 1
        ? formatPhone(range)
        : `${formatPhone(read.value[0]!)} to ${formatPhone(read.value.at(-1)!)}`;
    const what = read.value.length === 1 ? `Number ${shown}` : `${read.value.length} numbers (${shown})`;
    await announce<TelephonyNotice>(tx, await channelsFor(tx, settings, 'confirmations', company.id), actor, {
      type: 'numbers.added',
      what,
      company: company.path,
    });
    return { company: company.path, added: read.value.length };
  });
}

/** Free numbers of the user's company matching `search` (digits), for the card's picker. */
export async function availableNumbers(db: Database, ref: ActorRef, userId: string, search = ''): Promise<string[]> {
  const actor = await requireCapability(db, ref, 'manageUsers');
  // Prisma refuses findUnique on `id: undefined` with an error: an id that isn't one finds nobody.
  const user = isUuid(userId) ? await db.user.findUnique({ where: { id: userId } }) : null;
  if (!user || !(await companiesOf(db, actor)).some((c) => c.id === user.organizationId)) return [];
  return freeNumbersIn(db, user.organizationId, search);
}

/** Free numbers of a company's pool matching `search` (digits), for the set-up wizard's picker. */
export async function freeNumbersOf(
  db: Database,
  ref: ActorRef,
  organizationId: string,
  search = '',
): Promise<string[]> {
  const actor = await requireCapability(db, ref, 'manageUsers');
  if (!(await companiesOf(db, actor)).some((c) => c.id === organizationId)) return [];
  return freeNumbersIn(db, organizationId, search);
}

/** The first 100 free numbers of a company's pool whose digits contain those of `search`. */
async function freeNumbersIn(db: Database, organizationId: string, search: string): Promise<string[]> {
  const digits = search.replace(/\D/g, '');
  const rows = await db.phoneNumber.findMany({
    where: { organizationId, userId: null, ...(digits ? { number: { contains: digits } } : {}) },
    orderBy: { number: 'asc' },
    take: 100,
  });
  return rows.map((row) => row.number);
}

async function lockNumber(tx: Tx, typed: string, region: string) {
  const parsed = toE164(typed, region);
  if (!parsed.ok) throw new ValidationError({ number: parsed.message });
  await tx.$queryRaw`SELECT id FROM phone_number WHERE number = ${parsed.e164} FOR UPDATE`;
  const number = await tx.phoneNumber.findUnique({
    where: { number: parsed.e164 },
    include: { user: { select: { id: true, firstName: true, lastName: true, email: true } } },
  });
  if (!number) {
    throw new NotFoundError(
      `${formatPhone(parsed.e164)} is in no pool. Add it to a pool first: /numbers add ${parsed.e164}.`,
    );
  }
  return number;
}

/**
 * Gives a user a free number of their company's pool; with `move`, also one another user holds
 * (it leaves them). Refused, saying why: a number from another company's pool, or held by someone
 * (without `move`). The number's row is locked, so two admins at once can't both take it.
 */
export async function assignNumber(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  input: { email: string; number: string; move?: boolean },
): Promise<{ user: string; number: string; from?: string }> {
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const user = await lockUserByEmail(tx, actor, input.email);
    const number = await lockNumber(tx, input.number, settings.defaultPhoneRegion);
    if (number.organizationId !== user.organizationId) {
      throw new ConflictError(
        `${formatPhone(number.number)} is not in the pool of ${user.organization.name}, the company of ${fullName(user)}.`,
      );
    }
    if (number.userId === user.id) return { user: fullName(user), number: number.number };
    const holder = number.user;
    if (holder && !input.move) {
      throw new ConflictError(
        `${formatPhone(number.number)} is already assigned to ${personName(holder)}. To give it to ${fullName(user)} instead, move it: /numbers move ${number.number} ${user.email}.`,
      );
    }
    await tx.phoneNumber.update({ where: { id: number.id }, data: { userId: user.id, assignedAt: new Date() } });
    await tx.user.update({ where: { id: user.id }, data: { version: { increment: 1 } } });
    await recordAssignment(tx, settings, actor, user, 'number', number.number, true);
    return { user: fullName(user), number: number.number, from: holder ? fullName(holder) : undefined };
  });
}

/** Takes a number away from whoever holds it; it returns to the pool. */
export async function unassignNumber(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  typed: string,
): Promise<{ number: string; user: string | null }> {
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const parsed = toE164(typed, settings.defaultPhoneRegion);
    if (!parsed.ok) throw new ValidationError({ number: parsed.message });
    // Lock the holder before the number, in the order assignNumber takes them, so the two can't deadlock.
    const seen = await tx.phoneNumber.findUnique({ where: { number: parsed.e164 }, include: { user: true } });
    const user = seen?.user ? await lockUserByEmail(tx, actor, seen.user.email) : null;
    const number = await lockNumber(tx, parsed.e164, settings.defaultPhoneRegion);
    if (!(await companiesOf(tx, actor)).some((c) => c.id === number.organizationId)) {
      throw new NotFoundError(`${formatPhone(number.number)} is not in the pools of your companies.`);
    }
    if (!number.user) return { number: number.number, user: null };
    if (!user || number.userId !== user.id)
      throw new ConflictError(`${formatPhone(number.number)} changed hands just now; try again.`);
    await tx.phoneNumber.update({ where: { id: number.id }, data: { userId: null, assignedAt: null } });
    await recordAssignment(tx, settings, actor, user, 'number', number.number, false);
    return { number: number.number, user: fullName(user) };
  });
}
