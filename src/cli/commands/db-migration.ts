import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../db/embedded.ts';
import { freePort } from '../../db/free-port.ts';
import { createMigration } from '../../db/migrate.ts';
import { parseOptions, UsageError, type CliCommand } from '../command.ts';

export const dbMigration: CliCommand = {
  summary: 'write the next migration from changes to prisma/schema.prisma (developers)',
  usage: [
    'Usage: npm run db:migration -- <name>',
    '',
    'Writes prisma/migrations/<timestamp>_<name>/migration.sql: the SQL from the schema the last',
    'migration left to prisma/schema.prisma. Works offline; a throwaway embedded PostgreSQL hosts',
    'the migration engine.',
  ].join('\n'),
  async run(args, out) {
    const { positionals } = parseOptions(args, {}, true);
    if (positionals.length !== 1) throw new UsageError('Give the migration one name, e.g. add_locations.');
    const dataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-migration-'));
    const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
    try {
      const folder = await createMigration(server.adminUrl, positionals[0]!);
      out(
        folder
          ? `Wrote ${path.relative(process.cwd(), folder)}/migration.sql`
          : 'prisma/schema.prisma has not changed since the last migration; nothing written.',
      );
      return 0;
    } finally {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};
