import type { Database, Tx } from '../../db/client.ts';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import { organizationNameSchema } from './companies.rules.ts';
import { literalLike } from '../../core/text.rules.ts';
import { asPerson, requireCapability, type Actor, type ActorRef } from '../../core/actors.ts';
import { recordAudit } from '../../core/audit.ts';
import { companiesOf, isInScope } from '../../core/scope.ts';
import { enqueueNotice } from '../../core/outbox.ts';
import { channelsFor } from '../../core/notice-routing.ts';
import type { ServiceSettings } from '../../core/settings.ts';
import { isUuid } from '../../core/ids.rules.ts';
import type { CompanyNotice } from './company-notices.rules.ts';

export interface CompanyNode {
  id: string;
  name: string;
  path: string;
  depth: number;
  activeUsers: number;
  deactivatedUsers: number;
  /** Invited and not joined yet: neither active nor deactivated (as App Home counts them). */
  invitedUsers: number;
}

/** The actor's company and its customer companies (any depth) in tree order, with user counts. */
export async function customerTree(db: Database, ref: ActorRef): Promise<{ actor: Actor; companies: CompanyNode[] }> {
  const actor = await requireCapability(db, ref, 'viewDirectory');
  const companies = await companiesOf(db, actor);
  const inScope = { organizationId: { in: companies.map((company) => company.id) } };
  const [counts, invitedCounts] = await Promise.all([
    db.user.groupBy({
      by: ['organizationId', 'active'],
      where: { ...inScope, invitedAt: null },
      _count: { _all: true },
    }),
    db.user.groupBy({
      by: ['organizationId'],
      where: { ...inScope, invitedAt: { not: null } },
      _count: { _all: true },
    }),
  ]);
  const count = (id: string, active: boolean) =>
    counts.find((row) => row.organizationId === id && row.active === active)?._count._all ?? 0;
  const invited = (id: string) => invitedCounts.find((row) => row.organizationId === id)?._count._all ?? 0;
  return {
    actor,
    companies: companies.map((company) => ({
      ...company,
      depth: company.path.split(' › ').length - 1,
      activeUsers: count(company.id, true),
      deactivatedUsers: count(company.id, false),
      invitedUsers: invited(company.id),
    })),
  };
}

function validName(name: string): string {
  const parsed = organizationNameSchema.safeParse(name);
  if (!parsed.success) throw new ValidationError({ name: parsed.error.issues[0]!.message });
  return parsed.data;
}

async function refuseSiblingNamed(tx: Tx, parentId: string | null, name: string, except?: string) {
  const clash = await tx.organization.findFirst({
    // An insensitive equals is an ILIKE for Prisma: the name is matched literally (`%`, `_`).
    where: {
      parentId,
      name: { equals: literalLike(name), mode: 'insensitive' },
      ...(except ? { id: { not: except } } : {}),
    },
  });
  if (clash)
    throw new ValidationError({ name: `There is already a company called ${clash.name} there; choose another name.` });
}

async function pathOf(tx: Tx, actor: Actor, id: string): Promise<string> {
  return (await companiesOf(tx, actor)).find((company) => company.id === id)?.path ?? '';
}

/** Creates a customer company under a company in the actor's scope (Admins). */
export async function createCustomer(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  input: { name: string; parentId: string },
): Promise<{ id: string; path: string }> {
  const name = validName(input.name);
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const validParent = isUuid(input.parentId) && (await isInScope(tx, actor, input.parentId));
    if (!validParent) {
      throw new ValidationError({
        parentId: `Choose a company from the list: ${actor.organizationName} or one of its customer companies.`,
      });
    }
    await tx.$queryRaw`SELECT id FROM organization WHERE id = ${input.parentId}::uuid FOR UPDATE`;
    await refuseSiblingNamed(tx, input.parentId, name);
    const company = await tx.organization.create({ data: { name, parentId: input.parentId } });
    const path = await pathOf(tx, actor, company.id);
    await recordAudit(tx, {
      actor,
      action: 'organization.created',
      target: { type: 'organization', id: company.id, label: path },
      organizationId: company.id,
      after: { name, parentId: input.parentId },
    });
    await enqueueNotice<CompanyNotice>(tx, await channelsFor(tx, settings, 'confirmations', company.id), {
      type: 'organization.created',
      audience: 'channel',
      path,
      by: asPerson(actor),
    });
    return { id: company.id, path };
  });
}

/** Renames a company in the actor's scope (Admins). */
export async function renameCustomer(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  input: { id: string; name: string },
): Promise<{ path: string }> {
  const name = validName(input.name);
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const inScope = isUuid(input.id) && (await isInScope(tx, actor, input.id));
    const company = inScope ? await tx.organization.findUnique({ where: { id: input.id } }) : null;
    if (!company) throw new ValidationError({ name: 'That company is not one of yours (any more).' });
    if (company.name === name) return { path: await pathOf(tx, actor, company.id) };
    await refuseSiblingNamed(tx, company.parentId, name, company.id);
    await tx.organization.update({ where: { id: company.id }, data: { name } });
    const path = await pathOf(tx, actor, company.id);
    await recordAudit(tx, {
      actor,
      action: 'organization.renamed',
      target: { type: 'organization', id: company.id, label: path },
      organizationId: company.id,
      before: { name: company.name },
      after: { name },
    });
    await enqueueNotice<CompanyNotice>(tx, await channelsFor(tx, settings, 'confirmations', company.id), {
      type: 'organization.renamed',
      audience: 'channel',
      path,
      previousName: company.name,
      by: asPerson(actor),
    });
    return { path };
  });
}

/**
 * The company the rename form is for: one in the actor's scope, for Admins only — checked when
 * the form opens so nobody fills in a form they may not submit (renameCustomer checks again).
 */
export async function renamableCompany(db: Database, ref: ActorRef, id: string) {
  const actor = await requireCapability(db, ref, 'manageUsers');
  const company = (await companiesOf(db, actor)).find((candidate) => candidate.id === id);
  if (!company) throw new NotFoundError('That company is not one of yours (any more); run /customers again.');
  return company;
}
