import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureDatabase, startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { applyMigrations } from '../../src/db/migrate.ts';
import { freePort } from '../../src/db/free-port.ts';

export const TEMPLATE_DATABASE = 'switchboard_template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** adminUrl, and the URL of any database: urlTemplate with DATABASE_NAME replaced. */
    postgres: { adminUrl: string; urlTemplate: string };
  }
}

/** One embedded PostgreSQL per test run, with a migrated template database to copy per file. */
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-test-'));
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
  await ensureDatabase(server.adminUrl, TEMPLATE_DATABASE);
  await applyMigrations(server.urlFor(TEMPLATE_DATABASE));
  project.provide('postgres', { adminUrl: server.adminUrl, urlTemplate: server.urlFor('DATABASE_NAME') });
  return () => server.stop();
}
