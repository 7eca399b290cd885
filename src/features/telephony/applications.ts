import type { Database, Tx } from '../../db/client.ts';
import { ConflictError, ValidationError } from '../../core/errors.ts';
import { checkText } from '../../core/text.rules.ts';
import { fullName } from '../../core/users.rules.ts';
import { requireCapability, type Actor, type ActorRef } from '../../core/actors.ts';
import { recordAudit, userTarget } from '../../core/audit.ts';
import { companyNamed } from '../../core/scope.ts';
import { lockUserByEmail, type LockedUser } from '../../core/user-rows.ts';

const MAX_APPLICATION_NAME_LENGTH = 30;

function appName(typed: string): string {
  const message = `Name the application in at most ${MAX_APPLICATION_NAME_LENGTH} characters, e.g. Softphone.`;
  const checked = checkText(typed, {
    what: 'application name',
    max: MAX_APPLICATION_NAME_LENGTH,
    visible: true,
    empty: message,
    tooLong: message,
  });
  if (!checked.ok) throw new ValidationError({ application: checked.message });
  if (checked.value.includes(',')) throw new ValidationError({ application: message });
  return checked.value;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The applications a company offers, and for each how many of its users have it enabled. */
export async function applicationsOf(db: Database, ref: ActorRef, company?: string) {
  const actor = await requireCapability(db, ref, 'viewDirectory');
  const chosen = await companyNamed(db, actor, company);
  const organization = await db.organization.findUniqueOrThrow({ where: { id: chosen.id } });
  const users = await db.user.findMany({ where: { organizationId: chosen.id }, select: { applications: true } });
  return {
    company: chosen.path,
    offered: organization.applications.map((name) => ({
      name,
      users: users.filter((user) => user.applications.some((app) => same(app, name))).length,
    })),
  };
}

/**
 * Offers an application in a company, or withdraws it (Admins). Withdrawing disables it for the
 * company's users in the same transaction, and says for how many.
 */
export async function setOffered(
  db: Database,
  ref: ActorRef,
  input: { application: string; offered: boolean; company?: string },
): Promise<{ company: string; application: string; disabledFor: number }> {
  const name = appName(input.application);
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const company = await companyNamed(tx, actor, input.company);
    const organization = await tx.organization.findUniqueOrThrow({ where: { id: company.id } });
    const known = organization.applications.find((app) => same(app, name));
    if (input.offered === Boolean(known)) return { company: company.path, application: known ?? name, disabledFor: 0 };
    const applications = input.offered
      ? [...organization.applications, name]
      : organization.applications.filter((app) => !same(app, name));
    await tx.organization.update({ where: { id: company.id }, data: { applications } });
    let disabledFor = 0;
    if (!input.offered) {
      const users = await tx.user.findMany({ where: { organizationId: company.id, applications: { has: known! } } });
      for (const user of users) {
        await tx.user.update({
          where: { id: user.id },
          data: { applications: user.applications.filter((app) => app !== known) },
        });
      }
      disabledFor = users.length;
    }
    await recordAudit(tx, {
      actor,
      action: input.offered ? 'application.offered' : 'application.withdrawn',
      target: { type: 'organization', id: company.id, label: company.path },
      organizationId: company.id,
      before: { applications: organization.applications },
      after: { applications },
    });
    return { company: company.path, application: known ?? name, disabledFor };
  });
}

async function saveApplications(tx: Tx, actor: Actor, user: LockedUser, applications: string[]) {
  await tx.user.update({ where: { id: user.id }, data: { applications, version: { increment: 1 } } });
  await recordAudit(tx, {
    actor,
    action: 'user.applications_set',
    ...userTarget(user),
    before: { applications: user.applications },
    after: { applications },
  });
}

/** Enables or disables an application for a user; it must be one their company offers. */
export async function setUserApplication(
  db: Database,
  ref: ActorRef,
  input: { email: string; application: string; enabled: boolean },
): Promise<{ user: string; application: string; applications: string[] }> {
  const name = appName(input.application);
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const user = await lockUserByEmail(tx, actor, input.email);
    const organization = await tx.organization.findUniqueOrThrow({ where: { id: user.organizationId } });
    const offered = organization.applications.find((app) => same(app, name));
    if (!offered) {
      throw new ConflictError(
        `${organization.name} does not offer ${name}; it offers ${organization.applications.join(', ') || 'no applications'}. Admins add one with /applications offer ${name}.`,
      );
    }
    const has = user.applications.includes(offered);
    if (has === input.enabled) return { user: fullName(user), application: offered, applications: user.applications };
    const applications = input.enabled
      ? [...user.applications, offered]
      : user.applications.filter((app) => app !== offered);
    await saveApplications(tx, actor, user, applications);
    return { user: fullName(user), application: offered, applications };
  });
}

/** Replaces the applications enabled for a user with `applications` (all offered by their company). */
export async function setUserApplications(
  db: Database,
  ref: ActorRef,
  input: { email: string; applications: string[] },
): Promise<{ user: string; applications: string[] }> {
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const user = await lockUserByEmail(tx, actor, input.email);
    const organization = await tx.organization.findUniqueOrThrow({ where: { id: user.organizationId } });
    const wanted = input.applications.map(
      (typed) => organization.applications.find((app) => same(app, typed)) ?? typed,
    );
    const unknown = wanted.filter((app) => !organization.applications.includes(app));
    if (unknown.length)
      throw new ValidationError({ applications: `${organization.name} does not offer ${unknown.join(', ')}.` });
    await saveApplications(tx, actor, user, wanted);
    return { user: fullName(user), applications: wanted };
  });
}
