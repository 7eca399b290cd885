import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Listeners } from '../../slack/listeners.ts';
import type { Database } from '../../db/client.ts';
import type { SlackDeps } from '../../slack/deps.ts';

/**
 * Distribution mode: a workspace of an Enterprise Grid org becomes known the first time a request
 * comes from it, when Slack did not list it at the org-wide install (added to the org later, or
 * `auth.teams.list` failed then). Its row names its org, so background work finds the org's token
 * for it and the operator can link it (`switchboard workspaces link`). Once per workspace a process.
 */
export function register(app: Listeners, { db, settings: { distribution } }: SlackDeps): void {
  if (distribution) app.use(rememberOrgWorkspaces(db));
}

function rememberOrgWorkspaces(db: Database): Middleware<AnyMiddlewareArgs> {
  const known = new Set<string>();
  return async ({ context, next, logger }) => {
    const { teamId, enterpriseId } = context;
    if (teamId && enterpriseId && !known.has(teamId)) {
      try {
        await db.slackWorkspace.upsert({
          where: { teamId },
          create: { teamId, enterpriseId },
          update: { enterpriseId },
        });
        known.add(teamId);
      } catch (error) {
        // The request goes on; the next one tries again.
        logger.warn('Could not record the workspace of an Enterprise Grid org:', (error as Error).message);
      }
    }
    await next();
  };
}
