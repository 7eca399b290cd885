import type { Database, Tx } from '../../db/client.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.ts';
import { checkText } from '../../core/text.rules.ts';
import { fullName } from '../../core/users.rules.ts';
import { requireCapability, type Actor, type ActorRef } from '../../core/actors.ts';
import { recordAudit, userTarget } from '../../core/audit.ts';
import { companyNamed } from '../../core/scope.ts';
import { lockUserByEmail } from '../../core/user-rows.ts';

const MAX_GROUP_NAME_LENGTH = 60;

function groupName(typed: string): string {
  const message = `Name the group in at most ${MAX_GROUP_NAME_LENGTH} characters, e.g. Sales.`;
  const checked = checkText(typed, {
    what: 'group name',
    max: MAX_GROUP_NAME_LENGTH,
    visible: true,
    empty: message,
    tooLong: message,
  });
  if (!checked.ok) throw new ValidationError({ group: checked.message });
  return checked.value;
}

/** A company's call groups with their members. */
export async function listGroups(db: Database, ref: ActorRef, company?: string) {
  const actor = await requireCapability(db, ref, 'viewDirectory');
  const chosen = await companyNamed(db, actor, company);
  const groups = await db.callGroup.findMany({
    where: { organizationId: chosen.id },
    orderBy: { key: 'asc' },
    include: { members: { include: { user: { select: { firstName: true, lastName: true, email: true } } } } },
  });
  return {
    company: chosen.path,
    groups: groups.map((group) => ({ name: group.name, members: group.members.map((m) => fullName(m.user)).sort() })),
  };
}

async function audit(tx: Tx, actor: Actor, company: { id: string; path: string }, action: string, after: object) {
  await recordAudit(tx, {
    actor,
    action,
    target: { type: 'organization', id: company.id, label: company.path },
    organizationId: company.id,
    after: after as never,
  });
}

/** Creates a call group in a company (Admins); names are unique in the company, whatever their case. */
export async function addGroup(db: Database, ref: ActorRef, input: { name: string; company?: string }) {
  const name = groupName(input.name);
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const company = await companyNamed(tx, actor, input.company);
    const clash = await tx.callGroup.findUnique({
      where: { organizationId_key: { organizationId: company.id, key: name.toLowerCase() } },
    });
    if (clash) throw new ConflictError(`${company.name} has a group called ${clash.name} already.`);
    await tx.callGroup.create({ data: { organizationId: company.id, name, key: name.toLowerCase() } });
    await audit(tx, actor, company, 'call_group.added', { group: name });
    return { company: company.path, group: name };
  });
}

/** Removes a call group (its members stay users). */
export async function removeGroup(db: Database, ref: ActorRef, input: { name: string; company?: string }) {
  const name = groupName(input.name);
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const company = await companyNamed(tx, actor, input.company);
    const group = await tx.callGroup.findUnique({
      where: { organizationId_key: { organizationId: company.id, key: name.toLowerCase() } },
    });
    if (!group) throw new NotFoundError(`${company.name} has no group called ${name}. See /groups.`);
    await tx.callGroup.delete({ where: { id: group.id } });
    await audit(tx, actor, company, 'call_group.removed', { group: group.name });
    return { company: company.path, group: group.name };
  });
}

/** Adds a user to a call group of their company, or takes them out of it. */
export async function setMembership(
  db: Database,
  ref: ActorRef,
  input: { group: string; email: string; member: boolean },
): Promise<{ user: string; group: string; changed: boolean }> {
  const name = groupName(input.group);
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const user = await lockUserByEmail(tx, actor, input.email);
    const group = await tx.callGroup.findUnique({
      where: { organizationId_key: { organizationId: user.organizationId, key: name.toLowerCase() } },
    });
    if (!group)
      throw new NotFoundError(
        `${user.organization.name}, the company of ${fullName(user)}, has no group called ${name}. See /groups.`,
      );
    const key = { groupId_userId: { groupId: group.id, userId: user.id } };
    const isMember = Boolean(await tx.callGroupMember.findUnique({ where: key }));
    if (isMember === input.member) return { user: fullName(user), group: group.name, changed: false };
    if (input.member) await tx.callGroupMember.create({ data: { groupId: group.id, userId: user.id } });
    else await tx.callGroupMember.delete({ where: key });
    await recordAudit(tx, {
      actor,
      action: input.member ? 'call_group.joined' : 'call_group.left',
      ...userTarget(user),
      after: { group: group.name },
    });
    return { user: fullName(user), group: group.name, changed: true };
  });
}

/** Makes a user a member of exactly these groups of their company (by name). */
export async function setGroups(
  db: Database,
  ref: ActorRef,
  input: { email: string; groups: string[] },
): Promise<{ user: string; groups: string[] }> {
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const user = await lockUserByEmail(tx, actor, input.email);
    const keys = input.groups.map((name) => groupName(name).toLowerCase());
    const groups = await tx.callGroup.findMany({ where: { organizationId: user.organizationId, key: { in: keys } } });
    const missing = keys.filter((key) => !groups.some((group) => group.key === key));
    if (missing.length)
      throw new NotFoundError(`${user.organization.name} has no group called ${missing.join(', ')}. See /groups.`);
    const before = await tx.callGroupMember.findMany({ where: { userId: user.id }, include: { group: true } });
    await tx.callGroupMember.deleteMany({ where: { userId: user.id } });
    await tx.callGroupMember.createMany({ data: groups.map((group) => ({ groupId: group.id, userId: user.id })) });
    await recordAudit(tx, {
      actor,
      action: 'user.call_groups_set',
      ...userTarget(user),
      before: { groups: before.map((member) => member.group.name) },
      after: { groups: groups.map((group) => group.name) },
    });
    return { user: fullName(user), groups: groups.map((group) => group.name) };
  });
}
