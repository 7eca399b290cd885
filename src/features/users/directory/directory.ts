import type { Database } from '../../../db/client.ts';
import { Prisma } from '../../../db/generated/client.ts';
import type { InvitationStatus } from '../../invitations/index.ts';
import { passwordStatusOf, type PasswordStatus } from '../../invitations/index.ts';
import {
  decodePageToken,
  encodePageToken,
  loginIdNeedle,
  PAGE_SIZE,
  searchNeedle,
  type PageCursor,
  type UserQuery,
} from './query.rules.ts';
import { NotFoundError, ValidationError } from '../../../core/errors.ts';
import { emailSchema, fullName, type NamedPerson } from '../../../core/users.rules.ts';
import { requireCapability, type Actor, type ActorRef } from '../../../core/actors.ts';
import { deviceLabel } from '../../telephony/index.ts';
import { actionWords, auditActorOf, auditPeopleOf, labelledPerson } from '../../audit/index.ts';
import { companiesOf } from '../../../core/scope.ts';
import { isUuid } from '../../../core/ids.rules.ts';
import { literalLike, quote } from '../../../core/text.rules.ts';
import { formatPhone } from '../../../core/phone.rules.ts';

export interface UserSummary {
  id: string;
  fullName: string;
  email: string;
  company: string;
  active: boolean;
  admin: boolean;
  portalAccess: boolean;
  /** Invited and not joined yet. */
  invited: boolean;
}

export interface UserPage {
  query: UserQuery;
  users: UserSummary[];
  /** Where the page is in the whole list: its first user's place (1-based) and how many match. */
  from: number;
  total: number;
  /** Page tokens; absent where there is no such page. */
  next?: string;
  previous?: string;
}

const summaryFields = {
  id: true,
  firstName: true,
  lastName: true,
  email: true,
  active: true,
  admin: true,
  portalAccess: true,
  invitedAt: true,
  organization: { select: { name: true } },
} as const;

/**
 * The key users are listed by: the last name, or the email of someone who has no name yet (an
 * invited person), so they sort among the others instead of all at the top; then the first name
 * and the id. Lower-case, so that "bea@…" sorts with the B names whatever the database's collation.
 */
const SORT_NAME = Prisma.sql`lower(CASE WHEN first_name = '' AND last_name = '' THEN email ELSE last_name END)`;
const FIRST_NAME = Prisma.sql`lower(first_name)`;

/**
 * The users of the actor's companies (their own and every customer company under it), 50 a page
 * in name order, matching `query`, with where the page is ("51–100 of 137"). Pages are
 * keyset-based: a page stays the same when users are added elsewhere meanwhile. Needs Portal
 * Access or Admin.
 */
export async function listUsers(db: Database, ref: ActorRef, query: UserQuery, pageToken?: string): Promise<UserPage> {
  const actor = await requireCapability(db, ref, 'viewDirectory');
  let cursor: PageCursor | undefined;
  if (pageToken) {
    const decoded = decodePageToken(pageToken, query);
    if (!decoded.ok) throw new ValidationError(decoded.errors);
    cursor = decoded.value;
  }
  const where = await whereForQuery(db, actor, query);
  const backwards = cursor?.direction === 'before';
  const order = backwards ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  // One pass over the matches gives the page and the counts: they are all read for the count anyway.
  // `below`: matches up to the cursor (after Next) or before it (after Previous).
  const cursorKey = cursor && Prisma.sql`(${cursor.sortName}, ${cursor.firstName}, ${cursor.id}::uuid)`;
  const keys = await db.$queryRaw<(SortKey & { total: number; below: number })[]>`
    WITH matches AS MATERIALIZED (
      SELECT id, ${SORT_NAME} AS k, ${FIRST_NAME} AS f FROM "user" WHERE ${where}
    ), counts AS (
      SELECT count(*)::int AS total,
        ${cursorKey ? Prisma.sql`count(*) FILTER (WHERE (k, f, id) ${backwards ? Prisma.sql`<` : Prisma.sql`<=`} ${cursorKey})::int` : Prisma.sql`0`} AS below
      FROM matches
    ), page AS (
      SELECT id, k, f FROM matches
      ${cursorKey ? Prisma.sql`WHERE (k, f, id) ${backwards ? Prisma.sql`<` : Prisma.sql`>`} ${cursorKey}` : Prisma.empty}
      ORDER BY k ${order}, f ${order}, id ${order}
      LIMIT ${PAGE_SIZE + 1}
    )
    SELECT page.id, page.k AS "sortName", page.f AS "firstName", counts.total, counts.below
    FROM counts LEFT JOIN page ON true
    ORDER BY page.k ${order}, page.f ${order}, page.id ${order}`;
  const counts = keys[0] ?? { total: 0, below: 0 };
  const found = keys
    .filter((key) => key.id !== null)
    .map(({ id, sortName, firstName }) => ({ id, sortName, firstName }));
  const more = found.length > PAGE_SIZE;
  const page = found.slice(0, PAGE_SIZE);
  if (backwards) page.reverse();
  const first = page[0];
  const last = page.at(-1);
  const rows = await db.user.findMany({
    relationLoadStrategy: 'join',
    where: { id: { in: page.map((key) => key.id) } },
    select: summaryFields,
  });
  // The page's first place: after Next, right after the cursor; after Previous, `shown` before it.
  const before = backwards ? counts.below - page.length : counts.below;
  const byId = new Map(rows.map((row) => [row.id, row]));
  const at = (direction: PageCursor['direction'], key: SortKey) => encodePageToken(query, { direction, ...key });
  const hasNext = backwards ? true : more;
  const hasPrevious = backwards ? more : Boolean(cursor);
  return {
    query,
    users: page.flatMap((key) => {
      const row = byId.get(key.id);
      return row ? [toSummary(row)] : [];
    }),
    from: first ? Math.max(0, before) + 1 : 0,
    total: counts.total,
    next: hasNext && last ? at('after', last) : undefined,
    previous: hasPrevious && first ? at('before', first) : undefined,
  };
}

type SortKey = Omit<PageCursor, 'direction'>;

/** The SQL condition for `query` in the actor's companies. */
async function whereForQuery(db: Database, actor: Actor, query: UserQuery): Promise<Prisma.Sql> {
  const companies = await companiesOf(db, actor);
  let shown = companies;
  if (query.company) {
    const wanted = query.company.toLowerCase();
    const exact = companies.filter((company) => company.name.toLowerCase() === wanted);
    shown = exact.length ? exact : companies.filter((company) => company.name.toLowerCase().includes(wanted));
    if (!shown.length) {
      throw new ValidationError({
        filter: `None of your companies is called ${quote(query.company)}. Try /customers for their names.`,
      });
    }
  }
  const ids = (list: { id: string }[]) => list.map((company) => company.id);
  const conditions = [Prisma.sql`organization_id = ANY(${ids(shown)}::uuid[])`];
  if (query.status === 'active') conditions.push(Prisma.sql`active`);
  if (query.status === 'deactivated') conditions.push(Prisma.sql`NOT active AND invited_at IS NULL`);
  if (query.status === 'invited') conditions.push(Prisma.sql`invited_at IS NOT NULL`);
  if (query.adminsOnly) conditions.push(Prisma.sql`admin`);
  if (query.text) {
    const needle = searchNeedle(query.text);
    const loginId = loginIdNeedle(query.text);
    const namedCompanies = shown.filter((company) => company.name.toLowerCase().includes(query.text));
    // LIKE's wildcards are escaped: `%`, `_` and `\` are matched as typed.
    const found = [Prisma.sql`search_text LIKE ${`%${literalLike(needle)}%`}`];
    if (loginId) found.push(Prisma.sql`login_id = ${loginId}`);
    if (namedCompanies.length) found.push(Prisma.sql`organization_id = ANY(${ids(namedCompanies)}::uuid[])`);
    conditions.push(Prisma.sql`(${Prisma.join(found, ' OR ')})`);
  }
  return Prisma.join(conditions, ' AND ');
}

function toSummary(row: {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  active: boolean;
  admin: boolean;
  portalAccess: boolean;
  invitedAt: Date | null;
  organization: { name: string };
}): UserSummary {
  return {
    id: row.id,
    fullName: fullName(row),
    email: row.email,
    company: row.organization.name,
    active: row.active,
    admin: row.admin,
    portalAccess: row.portalAccess,
    invited: row.invitedAt !== null,
  };
}

export interface UserCard extends UserSummary {
  firstName: string;
  lastName: string;
  version: number;
  organizationId: string;
  /** The User ID the set-up wizard gave (email form); null for users added otherwise. */
  loginId: string | null;
  /** A new login email waiting for its owner's confirmation. */
  pendingEmail: string | null;
  title: string | null;
  officePhone: string | null;
  mobilePhone: string | null;
  faxPhone: string | null;
  companyPath: string;
  slackUserId: string | null;
  createdAt: Date;
  updatedAt: Date;
  deactivatedAt: Date | null;
  /** Who deactivated them, named the one way (a mention in Slack when linked). */
  deactivatedBy: NamedPerson | null;
  recentChanges: { at: Date; action: string; actor: NamedPerson }[];
  /** The products the user holds a seat of. */
  licenses: string[];
  /** Where the user works. */
  location: string | null;
  extension: string | null;
  /** Their phone numbers from the company's pool, and their devices, as people read them. */
  numbers: string[];
  devices: string[];
  /** Their station package, enabled applications and call groups. */
  station: string | null;
  applications: string[];
  groups: string[];
  /** The invitation of someone who has not joined yet. */
  invitation: { status: InvitationStatus; expiresAt: Date | null; deliveredVia: string | null } | null;
  /** Whether a password is set, or the link sent to set it. */
  password: PasswordStatus;
  /** Whether the viewer may change this user (Admin), so the card shows the change buttons. */
  canManage: boolean;
}

/**
 * One user of the actor's companies, by email, User ID (the wizard's login id, in email form) or
 * id, with their latest audited changes. An email wins over someone else's User ID.
 */
export async function showUser(db: Database, ref: ActorRef, emailOrId: string): Promise<UserCard> {
  const actor = await requireCapability(db, ref, 'viewDirectory');
  const email = emailSchema.safeParse(emailOrId);
  const validId = isUuid(emailOrId);
  const found =
    !email.success && !validId
      ? []
      : await db.user.findMany({
          relationLoadStrategy: 'join',
          where: email.success ? { OR: [{ email: email.data }, { loginId: email.data }] } : { id: emailOrId },
          include: {
            organization: { select: { name: true } },
            licenses: { include: { product: true } },
            location: { select: { name: true } },
            invitation: { select: { status: true, expiresAt: true, deliveredVia: true } },
            passwordLinks: { orderBy: { createdAt: 'desc' }, take: 1 },
            phoneNumbers: { select: { number: true }, orderBy: { number: 'asc' } },
            devices: { orderBy: { assignedAt: 'asc' } },
            callGroups: { include: { group: { select: { name: true } } } },
          },
        });
  const user = found.find((candidate) => email.success && candidate.email === email.data) ?? found[0];
  const companies = user ? await companiesOf(db, actor) : [];
  const company = companies.find((candidate) => candidate.id === user?.organizationId);
  if (!user || !company) {
    throw new NotFoundError(
      email.success
        ? `No user with the email ${email.data} in your companies. Check the spelling, or search with /users.`
        : 'That user no longer exists.',
    );
  }
  const changes = await db.auditEvent.findMany({
    where: { targetType: 'user', targetId: user.id },
    orderBy: { id: 'desc' },
    take: 5,
    select: { at: true, action: true, actorId: true, actorLabel: true },
  });
  const actors = await auditPeopleOf(db, changes);
  return {
    ...toSummary(user),
    firstName: user.firstName,
    lastName: user.lastName,
    version: user.version,
    organizationId: user.organizationId,
    loginId: user.loginId,
    pendingEmail: user.pendingEmail,
    title: user.title,
    officePhone: user.officePhone,
    mobilePhone: user.mobilePhone,
    faxPhone: user.faxPhone,
    companyPath: company.path,
    slackUserId: user.slackUserId,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    deactivatedAt: user.deactivatedAt,
    deactivatedBy: user.deactivatedBy ? await deactivatorOf(db, user.deactivatedBy) : null,
    // The card reads the action in words ("edited"), never its code.
    recentChanges: changes.map((change) => ({
      at: change.at,
      action: actionWords(change.action),
      actor: auditActorOf(change, actors),
    })),
    licenses: user.licenses
      .filter((license) => !license.station)
      .map((license) => license.product.name)
      .sort(),
    station: user.licenses.find((license) => license.station)?.product.name ?? null,
    applications: user.applications,
    groups: user.callGroups.map((member) => member.group.name).sort(),
    location: user.location?.name ?? null,
    extension: user.extension,
    invitation: user.invitation && user.invitation.status !== 'accepted' ? user.invitation : null,
    password: passwordStatusOf(user, user.passwordLinks[0]),
    numbers: user.phoneNumbers.map((row) => formatPhone(row.number)),
    devices: user.devices.map(deviceLabel),
    canManage: actor.privileges.admin,
  };
}

/** Who deactivated a user, from the label stored (their email, or a system actor): their name and Slack account now, if they still exist. */
async function deactivatorOf(db: Database, label: string): Promise<NamedPerson> {
  const stored = labelledPerson(label);
  const user = stored.email
    ? await db.user.findUnique({
        where: { email: stored.email },
        select: { firstName: true, lastName: true, slackUserId: true },
      })
    : null;
  return user ? { ...user, email: stored.email } : stored;
}
