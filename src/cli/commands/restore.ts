import { loadDatabaseConfig } from '../../config.ts';
import { connectionFor, restoreDatabase } from '../../db/backup.ts';
import { formatSeconds, tableLines } from '../../db/backup.rules.ts';
import { plural } from '../../core/words.rules.ts';
import { parseOptions, UsageError, type CliCommand } from '../command.ts';

export const restore: CliCommand = {
  summary: 'load a backup into an empty database at the same migration',
  usage: [
    'Usage: switchboard restore <file>',
    '',
    'Loads a file written by `switchboard backup` into the database (DATABASE_URL, or the embedded one',
    'under DATA_DIR), in one transaction. The database must be empty and at the migration of the backup:',
    'stop the app, point DATA_DIR at a new folder (or DATABASE_URL at a new database), run',
    '`switchboard migrate` with the Switchboard version that took the backup, then restore, then start',
    'the app. Anything wrong (a database with rows, another migration, a damaged file) changes nothing.',
  ].join('\n'),
  async run(args, out) {
    const { positionals } = parseOptions(args, {}, true);
    if (positionals.length !== 1) {
      throw new UsageError(positionals.length ? 'Name one file only.' : 'Name the backup file to restore.');
    }
    const connection = await connectionFor(loadDatabaseConfig(process.env));
    try {
      const result = await restoreDatabase(connection.url, positionals[0]!);
      out(
        `Restored ${plural(result.rows, 'row')} in ${plural(result.tables.length, 'table')} from ${result.file} ` +
          `(taken ${result.takenAt}, migration ${result.migration}) in ${formatSeconds(result.ms)}; ` +
          `${plural(result.sequences, 'sequence')} moved past the restored ids.`,
      );
      for (const line of tableLines(result.tables)) out(line);
      return 0;
    } finally {
      await connection.close();
    }
  },
};
