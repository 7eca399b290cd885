import { loadDatabaseConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { parseOptions, type CliCommand } from '../command.ts';

export const migrate: CliCommand = {
  summary: 'apply pending database migrations (the app also does this at start)',
  usage:
    'Usage: switchboard migrate\n\nApplies pending migrations to DATABASE_URL, or to the embedded database when it is unset.',
  async run(args, out) {
    parseOptions(args, {});
    const database = await openDatabase(loadDatabaseConfig(process.env));
    await database.close();
    const applied = database.appliedMigrations;
    out(applied.length ? `Applied ${applied.join(', ')}.` : 'The database schema is up to date.');
    return 0;
  },
};
