import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyMigrations,
  createMigration,
  diffSchemas,
  migrationsDir,
  readSchema,
  SNAPSHOT_FILE,
} from '../../src/db/migrate.ts';
import { describeSchema, runScript } from '../support/catalog.ts';
import { createEmptyDatabase } from '../support/database.ts';

let fromMigrations: Awaited<ReturnType<typeof createEmptyDatabase>>;
let fromSchema: Awaited<ReturnType<typeof createEmptyDatabase>>;

beforeAll(async () => {
  fromMigrations = await createEmptyDatabase();
  fromSchema = await createEmptyDatabase();
});
afterAll(async () => {
  await fromMigrations.drop();
  await fromSchema.drop();
});

it('applies every migration to an empty database, recording them as Prisma does, once', async () => {
  const applied = await applyMigrations(fromMigrations.url);
  expect(applied.length).toBeGreaterThan(0);
  expect(await applyMigrations(fromMigrations.url)).toEqual([]);
});

it('loads the migration engine only when a migration is pending (one query tells)', async () => {
  // A fresh process each time: the engine, once loaded, stays for the life of a process.
  const check = async (url: string) => {
    const script = [
      "import { applyMigrations } from './src/db/migrate.ts';",
      "import { schemaEngineLoaded } from './src/db/schema-engine.ts';",
      `const applied = await applyMigrations(${JSON.stringify(url)});`,
      'console.log(JSON.stringify({ applied: applied.length, engineLoaded: schemaEngineLoaded() }));',
      'process.exit(0);',
    ].join('\n');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: path.resolve(import.meta.dirname, '../..'),
      },
    );
    return JSON.parse(stdout.trim().split('\n').at(-1)!);
  };
  const fresh = await createEmptyDatabase();
  try {
    expect(await check(fresh.url)).toEqual({ applied: expect.any(Number), engineLoaded: true });
    expect(await check(fresh.url)).toEqual({ applied: 0, engineLoaded: false });
  } finally {
    await fresh.drop();
  }
}, 60_000);

it('agrees with prisma/schema.prisma (the migrations produce exactly the schema)', async () => {
  const schema = await readSchema();
  await runScript(fromSchema.url, await diffSchemas(fromSchema.url, undefined, schema));
  expect(await describeSchema(fromMigrations.url)).toEqual(await describeSchema(fromSchema.url));
});

it('keeps a snapshot of the schema the last migration left that matches prisma/schema.prisma', async () => {
  // `npm run db:migration` diffs from this snapshot; if it lagged, the next migration would be wrong.
  const content = await readFile(path.join(migrationsDir, SNAPSHOT_FILE), 'utf8');
  const snapshot = { path: 'schema.prisma', content };
  expect(await diffSchemas(fromSchema.url, snapshot, await readSchema())).toBe('');
});

it('lets two instances start at once: the advisory lock makes one apply and the other wait', async () => {
  const fresh = await createEmptyDatabase();
  try {
    const results = await Promise.all([applyMigrations(fresh.url), applyMigrations(fresh.url)]);
    expect(results.map((names) => names.length).sort()).toEqual([0, results.flat().length]);
  } finally {
    await fresh.drop();
  }
});

describe('npm run db:migration', () => {
  it('writes the next migration from a schema change, and nothing when there is none', async () => {
    const work = await mkdtemp(path.join(tmpdir(), 'switchboard-migration-test-'));
    try {
      const schemaFile = path.join(work, 'schema.prisma');
      const folder = path.join(work, 'migrations');
      await cp(migrationsDir, folder, { recursive: true });
      const schema = await readSchema();
      await writeFile(schemaFile, schema.content.replace(/^(\s*title\s+String\?.*)$/m, '$1\n  nickname String?'));
      const written = await createMigration(fromSchema.url, 'add_nickname', {
        schemaFile,
        folder,
        now: new Date('2030-01-02T03:04:05'),
      });
      expect(path.basename(written!)).toBe('20300102030405_add_nickname');
      expect(await readFile(path.join(written!, 'migration.sql'), 'utf8')).toContain('ADD COLUMN     "nickname" TEXT');
      expect(await createMigration(fromSchema.url, 'again', { schemaFile, folder })).toBeUndefined();
      expect((await readdir(folder)).filter((name) => name.endsWith('_again'))).toEqual([]);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });

  it('refuses a name that is not lower-case words joined by underscores', async () => {
    await expect(createMigration(fromSchema.url, 'Add Nickname!')).rejects.toThrow(
      /lower-case letters, digits and underscores/,
    );
  });
});
