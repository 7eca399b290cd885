// The test run's PostgreSQL, in a process of its own that the global setup starts and stops, so no
// test worker owns it. Prints one JSON line when ready; stops the server on SIGINT or SIGTERM.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureDatabase, startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { freePort } from '../../src/db/free-port.ts';
import { applyMigrations } from '../../src/db/migrate.ts';
import { TEMPLATE_DATABASE } from './template.ts';

const dataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-test-'));
const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
await ensureDatabase(server.adminUrl, TEMPLATE_DATABASE);
await applyMigrations(server.urlFor(TEMPLATE_DATABASE));
const stop = () => void server.stop().finally(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
console.log(JSON.stringify({ adminUrl: server.adminUrl, urlTemplate: server.urlFor('DATABASE_NAME') }));
