import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyMigrations, diffSchemas, migrationsDir, readSchema } from '../../src/db/migrate.ts';
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

it('agrees with prisma/schema.prisma (the migrations produce exactly the schema)', async () => {
  const schema = await readSchema();
  await runScript(fromSchema.url, await diffSchemas(fromSchema.url, undefined, schema));
  expect(await describeSchema(fromMigrations.url)).toEqual(await describeSchema(fromSchema.url));
});

it('keeps a snapshot of the schema the last migration left that matches prisma/schema.prisma', async () => {
  // `npm run db:migration` diffs from this snapshot; if it lagged, the next migration would be wrong.
  const content = await readFile(path.join(migrationsDir, 'schema-at-last-migration.prisma'), 'utf8');
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
