import type { Database } from '../db/client.ts';
import type { ServiceSettings } from '../core/settings.ts';

/** What the Slack listeners need: the database and the settings the services take. */
export interface SlackDeps {
  db: Database;
  settings: ServiceSettings;
  /** Set when no SMTP server is: invitation emails are filed here, and admins are told so. */
  emailDropDir?: string;
}

/**
 * The workspace a request is about, as notices and channel settings know it: its team in
 * distribution mode, '' (the deployment's own workspace) with one SLACK_BOT_TOKEN.
 */
export function workspaceOf(deps: Pick<SlackDeps, 'settings'>, context: { teamId?: string }): string {
  return deps.settings.distribution ? (context.teamId ?? '') : '';
}
