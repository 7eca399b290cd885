import type { Database } from '../../db/client.ts';
import type { Prisma } from '../../db/generated/client.ts';
import { ValidationError } from '../../core/errors.ts';
import { emailSchema } from '../../core/users.rules.ts';
import { literalLike, quote } from '../../core/text.rules.ts';
import { requireCapability, type ActorRef } from '../../core/actors.ts';
import { companiesOf } from '../../core/scope.ts';
import { actionWords, changesInWords, COMPANY_ID_FIELDS, type ChangeInWords } from './audit-words.rules.ts';

export const AUDIT_PAGE_SIZE = 20;

export interface AuditEntry {
  id: bigint;
  at: Date;
  actor: string;
  /** The recorded code (`user.edited`), for machines; people read `what`. */
  action: string;
  /** What was done, in words ("edited", "admin rights requested"). */
  what: string;
  target: string;
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
  const entries = rows.slice(0, AUDIT_PAGE_SIZE).map((row) => toEntry(row, nameOf));
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

function toEntry(
  row: {
    id: bigint;
    at: Date;
    actorLabel: string;
    action: string;
    targetLabel: string;
    before: unknown;
    after: unknown;
  },
  nameOf: (field: string, id: string) => string | undefined,
): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actorLabel,
    action: row.action,
    what: actionWords(row.action),
    target: row.targetLabel,
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
