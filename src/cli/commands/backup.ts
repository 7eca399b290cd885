import { loadDatabaseConfig } from '../../config.ts';
import { backupDatabase, connectionFor } from '../../db/backup.ts';
import { formatBytes, formatSeconds, tableLines } from '../../db/backup.rules.ts';
import { plural } from '../../core/words.rules.ts';
import { parseOptions, UsageError, type CliCommand } from '../command.ts';

export const backup: CliCommand = {
  summary: 'write a consistent snapshot of the database to a file (while the app runs)',
  usage: [
    'Usage: switchboard backup <file> [--force]',
    '',
    'Writes every table of the database (DATABASE_URL, or the embedded one under DATA_DIR) to <file>,',
    'gzip-compressed, as of one moment, while the app goes on working. The file is complete or absent:',
    'it is written as <file>.partial and renamed at the end. Only its owner can read it (it holds',
    'password hashes and Slack tokens). Restore it with `switchboard restore <file>`.',
    '  --force    replace <file> if it exists',
  ].join('\n'),
  async run(args, out) {
    const { values, positionals } = parseOptions(args, { force: { type: 'boolean', default: false } }, true);
    if (positionals.length !== 1) {
      throw new UsageError(positionals.length ? 'Name one file only.' : 'Name the file to write the backup to.');
    }
    const connection = await connectionFor(loadDatabaseConfig(process.env));
    try {
      const result = await backupDatabase(connection.url, positionals[0]!, { force: values.force });
      out(
        `Backed up ${plural(result.tables.length, 'table')}, ${plural(result.rows, 'row')} (migration ${result.migration}) ` +
          `to ${result.file}: ${formatBytes(result.bytes)} in ${formatSeconds(result.ms)}.`,
      );
      for (const line of tableLines(result.tables)) out(line);
      return 0;
    } finally {
      await connection.close();
    }
  },
};
