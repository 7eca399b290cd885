import type { Database } from '../db/client.ts';
import type { UserServiceSettings } from '../services/users.ts';

/** What the Slack listeners need: the database and the settings the services take. */
export interface SlackDeps {
  db: Database;
  settings: UserServiceSettings;
}
