import type { Database, Tx } from '../db/client.ts';

/**
 * The Slack workspace a company's people are in: the one linked to the company, or to the nearest
 * company above it; '' (the deployment's own workspace) when none is.
 */
export async function homeWorkspaceOf(db: Database | Tx, organizationId: string): Promise<string> {
  const [home] = await db.$queryRaw<{ teamId: string }[]>`
    WITH RECURSIVE up(id, parent_id, depth) AS (
      SELECT id, parent_id, 0 FROM organization WHERE id = ${organizationId}::uuid
      UNION ALL
      SELECT o.id, o.parent_id, up.depth + 1 FROM organization o JOIN up ON o.id = up.parent_id)
    SELECT w.team_id AS "teamId" FROM slack_workspace w JOIN up ON w.organization_id = up.id
    ORDER BY up.depth, w.team_id LIMIT 1`;
  return home?.teamId ?? '';
}
