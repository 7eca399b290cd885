import type { Database, Tx } from '../db/client.ts';
import { ValidationError } from './errors.ts';
import { requireCapability, type Actor, type ActorRef } from './actors.ts';
import { quote } from './text.rules.ts';

export interface CompanyOption {
  id: string;
  /** "Reseller › Customer", from the top of the actor's scope down. */
  path: string;
}

/**
 * The companies in the actor's scope, with their paths: their own company and every customer
 * company under it, at any depth (a system actor: every company).
 */
export function companiesOf(db: Database | Tx, actor: Actor): Promise<(CompanyOption & { name: string })[]> {
  const roots = actor.organizationId ? [actor.organizationId] : null;
  // \u203a is "›", escaped so the bundle stays one byte a character (scripts/build.mjs).
  return db.$queryRaw<(CompanyOption & { name: string })[]>`/* prepared: companies-in-scope */
    WITH RECURSIVE tree AS (
      SELECT id, name, name AS path FROM organization
      WHERE (${roots}::uuid[] IS NULL AND parent_id IS NULL) OR id = ANY(${roots}::uuid[])
      UNION ALL
      SELECT o.id, o.name, tree.path || ' \u203a ' || o.name
      FROM organization o JOIN tree ON o.parent_id = tree.id
    )
    SELECT id::text AS id, name, path FROM tree ORDER BY path`;
}

/** Whether `organizationId` is in the actor's scope (walks up from it to the actor's company). */
export async function isInScope(db: Database | Tx, actor: Actor, organizationId: string): Promise<boolean> {
  const rows = await db.$queryRaw<{ found: boolean }[]>`
    WITH RECURSIVE ancestors AS (
      SELECT id, parent_id FROM organization WHERE id = ${organizationId}::uuid
      UNION ALL
      SELECT o.id, o.parent_id FROM organization o JOIN ancestors a ON o.id = a.parent_id
    )
    SELECT EXISTS (
      SELECT 1 FROM ancestors WHERE ${actor.organizationId}::uuid IS NULL OR id = ${actor.organizationId}::uuid
    ) AS found`;
  return rows[0]?.found ?? false;
}

/** Companies in the actor's scope whose path contains `search` (case-insensitive). */
async function companiesInScope(
  db: Database | Tx,
  actor: Actor,
  search = '',
  limit = 100,
): Promise<{ companies: CompanyOption[]; total: number }> {
  const needle = search.trim().toLowerCase();
  const all = await companiesOf(db, actor);
  const matching = needle ? all.filter((row) => row.path.toLowerCase().includes(needle)) : all;
  return {
    companies: matching.slice(0, limit).map(({ id, path }) => ({ id, path })),
    total: all.length,
  };
}

/** What the "Add user" form offers the actor: their own company and the companies under it. */
export async function companiesForNewUser(
  db: Database,
  ref: ActorRef,
  search = '',
): Promise<{ actor: Actor; own: CompanyOption; companies: CompanyOption[]; total: number }> {
  const actor = await requireCapability(db, ref, 'manageUsers');
  const { companies, total } = await companiesInScope(db, actor, search);
  const own = actor.organizationId
    ? { id: actor.organizationId, path: actor.organizationName }
    : (companies[0] ?? { id: '', path: 'none' });
  return { actor, own, companies, total };
}

/** A company of the actor's by name (exactly, any case); the actor's own when no name is given. */
export async function companyNamed(db: Database | Tx, actor: Actor, name?: string) {
  const companies = await companiesOf(db, actor);
  if (!name?.trim()) return companies[0]!;
  const found = companies.find((company) => company.name.toLowerCase() === name.trim().toLowerCase());
  if (!found) {
    throw new ValidationError({
      company: `None of your companies is called ${quote(name)}. Try /customers for their names.`,
    });
  }
  return found;
}

/** The company with this id, if it is in the actor's scope. */
export async function companyWithId(db: Database | Tx, actor: Actor, id: string) {
  const found = (await companiesOf(db, actor)).find((company) => company.id === id);
  if (!found) throw new ValidationError({ company: 'Choose one of your companies.' });
  return found;
}
