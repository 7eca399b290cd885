import { startOfWeek } from 'date-fns/startOfWeek';
import type { Database } from '../../../db/client.ts';
import { ValidationError } from '../../../core/errors.ts';
import { capabilitiesOf } from '../../../core/privileges.rules.ts';
import {
  fullName,
  personLabel,
  searchTextOf,
  validateProfile,
  type Profile,
  type ProfileForm,
} from '../../../core/users.rules.ts';
import { requireCapability, type ActorRef } from '../../../core/actors.ts';
import { listAudit, type AuditEntry } from '../../audit/index.ts';
import { recordAudit } from '../../../core/audit.ts';
import { StaleUserError } from '../lifecycle/lifecycle.ts';
import { companiesOf } from '../../../core/scope.ts';
import { lockUser } from '../../../core/user-rows.ts';

/** A user's own details, as App Home shows them. */
export type OwnDetails = Pick<
  Profile,
  'email' | 'firstName' | 'lastName' | 'title' | 'officePhone' | 'mobilePhone' | 'faxPhone'
> & { id: string; version: number; fullName: string; company: string };

export type HomeOverview =
  | {
      kind: 'directory';
      canManage: boolean;
      activeUsers: number;
      deactivatedUsers: number;
      addedThisWeek: number;
      recentChanges: AuditEntry[];
      /** Notices Slack refused for good; shown to admins of the top company, who run Switchboard. */
      failedNotices?: { count: number; latest: { at: Date; workspace: string; destination: string; error: string }[] };
      /** Notices held for workspaces without a token (uninstalled, revoked); shown with the failed ones. */
      heldNotices?: HeldNotices[];
      me: OwnDetails;
    }
  | { kind: 'self'; me: OwnDetails };

/** What App Home shows: for Admins and Portal Access users the state of their companies; for others, their own details. */
export async function homeOverview(db: Database, ref: ActorRef, now = new Date()): Promise<HomeOverview> {
  const actor = await requireCapability(db, ref, 'ownProfile');
  const user = await db.user.findUniqueOrThrow({
    where: { id: actor.id! },
    include: { organization: { select: { name: true } } },
  });
  const me: OwnDetails = { ...user, fullName: fullName(user), company: user.organization.name };
  if (!capabilitiesOf(actor.privileges).has('viewDirectory')) return { kind: 'self', me };
  const scope = { organizationId: { in: (await companiesOf(db, actor)).map((company) => company.id) } };
  const [activeUsers, deactivatedUsers, addedThisWeek, changes] = await Promise.all([
    db.user.count({ where: { ...scope, active: true } }),
    db.user.count({ where: { ...scope, active: false, invitedAt: null } }),
    db.user.count({ where: { ...scope, createdAt: { gte: startOfWeek(now, { weekStartsOn: 1 }) } } }),
    listAudit(db, ref),
  ]);
  const runsSwitchboard =
    actor.privileges.admin && !(await db.organization.findUnique({ where: { id: user.organizationId } }))?.parentId;
  return {
    kind: 'directory',
    failedNotices: runsSwitchboard ? await failedNotices(db) : undefined,
    heldNotices: runsSwitchboard ? await heldNotices(db) : undefined,
    canManage: actor.privileges.admin,
    activeUsers,
    deactivatedUsers,
    addedThisWeek,
    recentChanges: changes.entries.slice(0, 10),
    me,
  };
}

/** The notices held for one workspace: sent once it is installed again. */
export interface HeldNotices {
  /** A team id; '' for the deployment's own (SLACK_BOT_TOKEN). */
  workspace: string;
  /** The workspace's name as Slack gave it at install, if known. */
  name: string | null;
  count: number;
  /** Why the latest was held: "the app is not installed in the workspace", "Slack said token_revoked". */
  reason: string | null;
}

/** The workspaces with the most held notices (at most 5). */
function heldNotices(db: Database): Promise<HeldNotices[]> {
  return db.$queryRaw<HeldNotices[]>`
    SELECT m.workspace, w.name, count(*)::int AS count, (array_agg(m.last_error ORDER BY m.id DESC))[1] AS reason
    FROM outbox_message m LEFT JOIN slack_workspace w ON w.team_id = m.workspace
    WHERE m.status = 'held'
    GROUP BY m.workspace, w.name
    ORDER BY count(*) DESC, m.workspace
    LIMIT 5`;
}

async function failedNotices(db: Database) {
  const where = { status: 'failed' as const };
  const [count, latest] = await Promise.all([
    db.outboxMessage.count({ where }),
    db.outboxMessage.findMany({
      where,
      orderBy: { id: 'desc' },
      take: 3,
      select: { createdAt: true, workspace: true, destination: true, lastError: true },
    }),
  ]);
  return {
    count,
    latest: latest.map((row) => ({
      at: row.createdAt,
      workspace: row.workspace,
      destination: row.destination,
      error: row.lastError ?? 'unknown',
    })),
  };
}

/** The details anyone may change about themselves. */
type DetailsForm = Pick<ProfileForm, 'firstName' | 'lastName' | 'title' | 'officePhone' | 'mobilePhone' | 'faxPhone'>;

/** Any active user edits their own name, title and numbers (same rules as the admin's form). */
export async function editOwnDetails(
  db: Database,
  settings: { defaultPhoneRegion: string },
  ref: ActorRef,
  version: number,
  form: DetailsForm,
): Promise<void> {
  await db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'ownProfile');
    const me = await lockUser(tx, actor.id!);
    if (!me) throw new StaleUserError('Your user no longer exists.');
    if (me.version !== version) {
      throw new StaleUserError('Your details were changed meanwhile; here they are as they are now.');
    }
    const checked = validateProfile(
      { ...form, email: me.email, organizationId: me.organizationId, privileges: me },
      settings.defaultPhoneRegion,
    );
    if (!checked.ok) throw new ValidationError(checked.errors);
    const { firstName, lastName, title, officePhone, mobilePhone, faxPhone } = checked.value;
    const after = { firstName, lastName, title, officePhone, mobilePhone, faxPhone };
    const before = {
      firstName: me.firstName,
      lastName: me.lastName,
      title: me.title,
      officePhone: me.officePhone,
      mobilePhone: me.mobilePhone,
      faxPhone: me.faxPhone,
    };
    const changed = (Object.keys(after) as (keyof typeof after)[]).filter((key) => before[key] !== after[key]);
    if (!changed.length) return;
    await tx.user.update({
      where: { id: me.id },
      data: { ...after, searchText: searchTextOf({ ...after, email: me.email }), version: { increment: 1 } },
    });
    const pick = (values: typeof after) => Object.fromEntries(changed.map((key) => [key, values[key]]));
    await recordAudit(tx, {
      actor,
      action: 'user.edited_own_details',
      target: { type: 'user', id: me.id, label: personLabel({ fullName: fullName(after), email: me.email }) },
      organizationId: me.organizationId,
      before: pick(before),
      after: pick(after),
    });
  });
}
