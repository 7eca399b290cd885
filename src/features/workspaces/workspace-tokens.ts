import type { Database } from '../../db/client.ts';
import type { WorkspaceTokens } from '../../slack/workspace-tokens.ts';
import { isNoInstallation } from './installation-store.ts';

/** What Bolt's installer answers for a workspace (InstallProvider#authorize): its bot token, rotated first when due. */
export type InstallerAuthorize = (source: {
  teamId: string;
  enterpriseId: string | undefined;
  isEnterpriseInstall: false;
}) => Promise<{ botToken?: string }>;

/**
 * Distribution mode: each workspace's bot token from its installation — its own, or its org's
 * org-wide one — through Bolt's installer, which rotates a token that expires within two hours and
 * stores the rotated installation (one rotation path for requests and background work). The
 * deployment's own workspace ('') has no token in this mode; neither has a workspace where the app
 * is not installed (any more): both answer undefined, so their notices are held.
 */
export function installedWorkspaceTokens(db: Database, authorize: InstallerAuthorize): WorkspaceTokens {
  // One look-up at a time per org (or workspace outside one): two at once for a token about to
  // expire would both spend its refresh token, and the second rotation would fail. In turn, the
  // second finds the token the first stored.
  const queues = new Map<string, Promise<unknown>>();
  function inTurn<T>(key: string, work: () => Promise<T>): Promise<T> {
    const run = (queues.get(key) ?? Promise.resolve()).then(work, work);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    queues.set(key, settled);
    void settled.then(() => {
      if (queues.get(key) === settled) queues.delete(key);
    });
    return run;
  }
  return {
    async botToken(workspace) {
      if (workspace === '') return undefined;
      const row = await db.slackWorkspace.findUnique({ where: { teamId: workspace }, select: { enterpriseId: true } });
      const enterpriseId = row?.enterpriseId ?? undefined;
      return inTurn(enterpriseId ?? workspace, async () => {
        try {
          const result = await authorize({ teamId: workspace, enterpriseId, isEnterpriseInstall: false });
          return result.botToken || undefined;
        } catch (error) {
          if (isNoInstallation(error)) return undefined;
          throw error;
        }
      });
    },
  };
}
