import type { Database } from '../db/client.ts';
import type { ServiceSettings } from '../core/settings.ts';

/** What the Slack listeners need: the database and the settings the services take. */
export interface SlackDeps {
  db: Database;
  settings: ServiceSettings;
  /** Set when no SMTP server is: invitation emails are filed here, and admins are told so. */
  emailDropDir?: string;
}
