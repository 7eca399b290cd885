import type { Database, Tx } from '../db/client.ts';
import { requireCapability, type Actor, type ActorRef } from './actors.ts';

export interface CompanyOption {
  id: string;
  /** "Reseller › Customer", from the actor's own company down. */
  path: string;
}

interface ScopeRow {
  id: string;
  name: string;
  path: string;
}

/** The organization and every customer organization under it, at any depth, with their paths. */
function scopeRows(db: Database | Tx, organizationId: string): Promise<ScopeRow[]> {
  return db.$queryRaw<ScopeRow[]>`
    WITH RECURSIVE tree AS (
      SELECT id, name, name AS path FROM organization WHERE id = ${organizationId}::uuid
      UNION ALL
      SELECT o.id, o.name, tree.path || ' › ' || o.name
      FROM organization o JOIN tree ON o.parent_id = tree.id
    )
    SELECT id::text AS id, name, path FROM tree ORDER BY path`;
}

export async function isInScope(db: Database | Tx, scopeRootId: string, organizationId: string) {
  const rows = await db.$queryRaw<{ found: boolean }[]>`
    WITH RECURSIVE ancestors AS (
      SELECT id, parent_id FROM organization WHERE id = ${organizationId}::uuid
      UNION ALL
      SELECT o.id, o.parent_id FROM organization o JOIN ancestors a ON o.id = a.parent_id
    )
    SELECT EXISTS (SELECT 1 FROM ancestors WHERE id = ${scopeRootId}::uuid) AS found`;
  return rows[0]?.found ?? false;
}

/** Companies in the scope of `organizationId` whose path contains `search` (case-insensitive). */
export async function companiesInScope(
  db: Database | Tx,
  organizationId: string,
  search = '',
  limit = 100,
): Promise<{ companies: CompanyOption[]; total: number }> {
  const needle = search.trim().toLowerCase();
  const all = await scopeRows(db, organizationId);
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
  const { companies, total } = await companiesInScope(db, actor.organizationId, search);
  const own = { id: actor.organizationId, path: actor.organizationName };
  return { actor, own, companies, total };
}
