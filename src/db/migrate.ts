import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { format } from 'date-fns/format';
import pg from 'pg';
import type { MigrationList } from '@prisma/schema-engine-wasm';
import { withSchemaEngine, type SchemaFile } from './schema-engine.ts';

const projectRoot = folderWithSchemaAbove(import.meta.dirname);
const schemaPath = path.join(projectRoot, 'prisma/schema.prisma');
export const migrationsDir = path.join(projectRoot, 'prisma/migrations');
/** The schema as the last migration left it: the starting point of the next migration's diff. */
export const SNAPSHOT_FILE = 'schema-at-last-migration.prisma';
const noFilters = { externalTables: [], externalEnums: [] };
// Any constant works; it only has to differ from other applications' advisory locks.
const MIGRATION_LOCK_KEY = 7_466_323_001;
/** PostgreSQL's error code for a table that doesn't exist. */
const UNDEFINED_TABLE = '42P01';

/** The project's folder: the one with prisma/ above src/db/ (tests, the CLI) or dist/ (npm start's bundle). */
function folderWithSchemaAbove(start: string): string {
  for (let folder = start; ; folder = path.dirname(folder)) {
    if (existsSync(path.join(folder, 'prisma', 'schema.prisma'))) return folder;
    if (folder === path.dirname(folder)) throw new Error(`No prisma/schema.prisma above ${start}`);
  }
}

export async function readSchema(file = schemaPath): Promise<SchemaFile> {
  return { path: path.basename(file), content: await readFile(file, 'utf8') };
}

async function readMigrations(dir = migrationsDir): Promise<MigrationList> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const folders = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const lockfile = path.join(dir, 'migration_lock.toml');
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: await readFile(lockfile, 'utf8').catch(() => null) },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      folders.map(async (folder) => ({
        path: folder,
        migrationFile: {
          path: 'migration.sql',
          content: await readFile(path.join(dir, folder, 'migration.sql'), 'utf8').then(
            (sql) => ({ tag: 'ok' as const, value: sql }),
            (error: Error) => ({ tag: 'error' as const, value: error.message }),
          ),
        },
      })),
    ),
  };
}

/**
 * Applies the pending migrations, recording them in `_prisma_migrations` as `prisma migrate
 * deploy` does. An advisory lock makes instances that start together take turns.
 */
export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  const lock = new pg.Client({ connectionString: databaseUrl });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const [schema, migrationsList] = await Promise.all([readSchema(), readMigrations()]);
    // One query answers "anything to do?": the migration engine (WebAssembly: ~16 MB and its
    // compile time) is loaded only when a migration is pending.
    if (!(await anyPending(lock, migrationsList))) return [];
    const { appliedMigrationNames } = await withSchemaEngine(databaseUrl, schema, (engine) =>
      engine.applyMigrations({ migrationsList, filters: noFilters }),
    );
    return appliedMigrationNames;
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    await lock.end();
  }
}

/**
 * Whether a migration folder has no finished, not rolled-back row in `_prisma_migrations` (or the
 * table isn't there yet). What else the engine checks (a changed or failed migration) it still
 * checks whenever one is pending.
 */
async function anyPending(client: pg.Client, migrations: MigrationList): Promise<boolean> {
  let applied: Set<string>;
  try {
    const { rows } = await client.query<{ migration_name: string }>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    applied = new Set(rows.map((row) => row.migration_name));
  } catch (error) {
    if ((error as { code?: string }).code === UNDEFINED_TABLE) return true;
    throw error;
  }
  return migrations.migrationDirectories.some(({ path }) => !applied.has(path));
}

/** SQL that takes a database from the schema `from` (or from empty) to the schema `to`. */
export async function diffSchemas(databaseUrl: string, from: SchemaFile | undefined, to: SchemaFile): Promise<string> {
  // The engine connects at start, though diffing two datamodels reads nothing from the database.
  const result = await withSchemaEngine(databaseUrl, to, (engine) =>
    engine.diff({
      from: from ? { tag: 'schemaDatamodel', files: [from] } : { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [to] },
      script: true,
      exitCode: true,
      filters: noFilters,
    }),
  );
  // exitCode 2 = there are differences, 0 = none.
  return result.exitCode === 2 ? (result.stdout ?? '') : '';
}

/**
 * Writes the next migration: the difference between the schema the last migration left and
 * `prisma/schema.prisma`. Returns its folder, or undefined when the schema has not changed.
 */
export async function createMigration(
  databaseUrl: string,
  name: string,
  { schemaFile = schemaPath, folder: migrations = migrationsDir, now = new Date() } = {},
): Promise<string | undefined> {
  if (!/^[a-z0-9_]+$/.test(name)) {
    throw new Error('A migration name uses lower-case letters, digits and underscores only, e.g. add_locations');
  }
  const schema = await readSchema(schemaFile);
  const snapshot = path.join(migrations, SNAPSHOT_FILE);
  const previous = await readSchema(snapshot).catch(() => undefined);
  const sql = await diffSchemas(databaseUrl, previous, schema);
  if (!sql.trim()) return undefined;
  const folder = path.join(migrations, `${format(now, 'yyyyMMddHHmmss')}_${name}`);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'migration.sql'), sql);
  await writeFile(path.join(migrations, 'migration_lock.toml'), 'provider = "postgresql"\n');
  await writeFile(snapshot, schema.content);
  return folder;
}
