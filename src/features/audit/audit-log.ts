import type { Database } from '../../db/client.ts';
import type { Prisma } from '../../db/generated/client.ts';
import { ValidationError } from '../../core/errors.ts';
import { emailSchema, type NamedPerson } from '../../core/users.rules.ts';
import { literalLike, quote } from '../../core/text.rules.ts';
import { requireCapability, type ActorRef } from '../../core/actors.ts';
import { companiesOf } from '../../core/scope.ts';
import {
  actionWords,
  changesInWords,
  COMPANY_ID_FIELDS,
  labelledPerson,
  type ChangeInWords,
} from './audit-words.rules.ts';

export const AUDIT_PAGE_SIZE = 20;

export interface AuditEntry {
  id: bigint;
  at: Date;
  /**
   * Who did it, named the one way (personName; a mention in Slack when linked): the name and Slack
   * account the user has now, the email the trail recorded; a system actor by its name.
   */
  actor: NamedPerson;
  /** The recorded code (`user.edited`), for machines; people read `what`. */
  action: string;
  /** What was done, in words ("edited", "admin rights requested"). */
  what: string;
  /** What it was done to: a user as the trail recorded them (with their Slack account now), else its name. */
  target: NamedPerson;
  /** Each changed field in words: before → after, or only the side that was recorded. */
  changes: ChangeInWords[];
}

export interface AuditPage {
  about: string;
  entries: AuditEntry[];
  /** Where the page is among all the changes about it: its first entry's place (1-based), and how many. */
  from?: number;
  total?: number;
  /** Where the next (older) page starts, if there is one. */
  olderThan?: string;
}

/**
 * The latest changes in the actor's companies, newest first, optionally about one user (by email,
 * also after they were deleted) or one company (by name, with its customer companies). Needs
 * Portal Access or Admin.
 */
export async function listAudit(db: Database, ref: ActorRef, about = '', olderThan?: string): Promise<AuditPage> {
  const actor = await requireCapability(db, ref, 'viewDirectory');
  const companies = await companiesOf(db, actor);
  const scope: Prisma.AuditEventWhereInput = { organizationId: { in: companies.map((company) => company.id) } };
  const filter = await aboutFilter(db, about.trim(), companies);
  if (olderThan !== undefined && !/^\d+$/.test(olderThan)) {
    throw new ValidationError({ page: 'That page link is not valid any more; run /audit again.' });
  }
  const rows = await db.auditEvent.findMany({
    where: { AND: [scope, filter, olderThan ? { id: { lt: BigInt(olderThan) } } : {}] },
    orderBy: { id: 'desc' },
    take: AUDIT_PAGE_SIZE + 1,
  });
  // A company id among the values (a user moved to another company) reads as its name, if in scope.
  const names = new Map(companies.map((company) => [company.id, company.name]));
  const nameOf = (field: string, id: string) =>
    COMPANY_ID_FIELDS.includes(field) ? (names.get(id) ?? 'another company') : undefined;
  const shown = rows.slice(0, AUDIT_PAGE_SIZE);
  const people = await peopleOf(db, shown);
  const entries = shown.map((row) => toEntry(row, nameOf, people));
  const more = rows.length > AUDIT_PAGE_SIZE;
  // Where the page is ("21–40 of 137"): the changes newer than its first, and all of them.
  const [newer, total] = await Promise.all([
    entries.length ? db.auditEvent.count({ where: { AND: [scope, filter, { id: { gt: entries[0]!.id } }] } }) : 0,
    db.auditEvent.count({ where: { AND: [scope, filter] } }),
  ]);
  return {
    about: about.trim(),
    entries,
    from: newer + 1,
    total,
    olderThan: more ? String(entries.at(-1)!.id) : undefined,
  };
}

async function aboutFilter(
  db: Database,
  about: string,
  companies: { id: string; name: string; path: string }[],
): Promise<Prisma.AuditEventWhereInput> {
  if (!about) return {};
  const email = emailSchema.safeParse(about);
  if (email.success) {
    const user = await db.user.findUnique({ where: { email: email.data }, select: { id: true } });
    // A user is recorded as `Name <email>`, or by the bare email while invited (see AuditEntry's
    // target): after they are deleted, only these labels still find their events.
    return {
      targetType: 'user',
      OR: [
        { targetLabel: email.data },
        // Matched literally: an email may hold `_` or `%`, which LIKE would take as wildcards.
        { targetLabel: { endsWith: literalLike(`<${email.data}>`) } },
        ...(user ? [{ targetId: user.id }] : []),
      ],
    };
  }
  const wanted = about.toLowerCase();
  const matching = companies.filter((company) => company.name.toLowerCase().includes(wanted));
  if (!matching.length) {
    throw new ValidationError({
      about: `${quote(about)} is neither an email nor one of your companies. Use /audit, /audit name@example.com or /audit <company name>.`,
    });
  }
  // A company's changes include those of its customer companies.
  const paths = matching.map((company) => company.path);
  const withCustomers = companies.filter((company) =>
    paths.some((path) => company.path === path || company.path.startsWith(`${path} › `)),
  );
  return { organizationId: { in: withCustomers.map((company) => company.id) } };
}

type AuditRow = {
  id: bigint;
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string | null;
  targetLabel: string;
  before: unknown;
  after: unknown;
};

type KnownPerson = { firstName: string; lastName: string; slackUserId: string | null };

/** The users that still exist among the entries' actors and targets: their names and Slack accounts now. */
export async function peopleOf(
  db: Database,
  rows: (Pick<AuditRow, 'actorId'> & Partial<Pick<AuditRow, 'targetType' | 'targetId'>>)[],
): Promise<Map<string, KnownPerson>> {
  const ids = new Set<string>();
  for (const row of rows) {
    if (row.actorId) ids.add(row.actorId);
    if (row.targetType === 'user' && row.targetId) ids.add(row.targetId);
  }
  if (!ids.size) return new Map();
  const users = await db.user.findMany({
    where: { id: { in: [...ids] } },
    select: { id: true, firstName: true, lastName: true, slackUserId: true },
  });
  return new Map(users.map(({ id, ...person }) => [id, person]));
}

/** The actor as the entry names them: their name now (the trail kept only their email), or the system actor's. */
export function actorOfRow(
  row: Pick<AuditRow, 'actorId' | 'actorLabel'>,
  people: Map<string, KnownPerson>,
): NamedPerson {
  const stored = labelledPerson(row.actorLabel);
  const known = row.actorId ? people.get(row.actorId) : undefined;
  if (!known) return stored;
  return { firstName: known.firstName, lastName: known.lastName, email: stored.email, slackUserId: known.slackUserId };
}

/** The target as the trail recorded it; a user who still exists is mentioned by their Slack account in Slack. */
export function targetOfRow(
  row: Pick<AuditRow, 'targetType' | 'targetId' | 'targetLabel'>,
  people: Map<string, KnownPerson>,
): NamedPerson {
  if (row.targetType !== 'user') return { fullName: row.targetLabel, email: null };
  const known = row.targetId ? people.get(row.targetId) : undefined;
  return { ...labelledPerson(row.targetLabel), slackUserId: known?.slackUserId ?? null };
}

function toEntry(
  row: AuditRow,
  nameOf: (field: string, id: string) => string | undefined,
  people: Map<string, KnownPerson>,
): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: actorOfRow(row, people),
    action: row.action,
    what: actionWords(row.action),
    target: targetOfRow(row, people),
    changes: changesInWords(row.action, row.before, row.after, nameOf),
  };
}

/** Every audit event in the actor's scope since `since`, oldest first, in batches (exports of any size). */
export async function* auditSince(db: Database, ref: ActorRef, since: Date, batchSize = 1000) {
  const actor = await requireCapability(db, ref, 'viewDirectory');
  const companyIds = (await companiesOf(db, actor)).map((company) => company.id);
  const scope: Prisma.AuditEventWhereInput = actor.organizationId
    ? { organizationId: { in: companyIds } }
    : { OR: [{ organizationId: { in: companyIds } }, { organizationId: null }] };
  let after = -1n;
  for (;;) {
    const rows = await db.auditEvent.findMany({
      where: { AND: [scope, { at: { gte: since }, id: { gt: after } }] },
      orderBy: { id: 'asc' },
      take: batchSize,
    });
    yield* rows;
    if (rows.length < batchSize) return;
    after = rows.at(-1)!.id;
  }
}
