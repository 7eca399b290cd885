import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { DatabaseConfig } from '../config.ts';
import { ValidationError } from '../core/errors.ts';
import {
  BACKUP_END,
  BACKUP_FORMAT,
  checkMagicLine,
  COPY_SESSION_SETTINGS,
  headerLines,
  MAX_HEADER_LINE,
  MAX_MAGIC_LINE,
  MIGRATION_SEEDS,
  MIGRATIONS_TABLE,
  migrationProblem,
  notABackup,
  orderByReferences,
  orderProblem,
  parseHeader,
  tablesProblem,
  takeLines,
  type BackupHeader,
} from './backup.rules.ts';
import { EMBEDDED_DATABASE } from './database.ts';
import { ensureDatabase, startEmbeddedPostgres } from './embedded.ts';

/**
 * Backup and restore of the app's tables with COPY (the embedded PostgreSQL's package ships no
 * pg_dump). The file format is in backup.rules.ts.
 */

const SCHEMA = 'public';

/**
 * The connection string of the CLI's database — DATABASE_URL, or the embedded PostgreSQL under
 * DATA_DIR (shared with the app when it runs; started for the command otherwise) — without
 * applying migrations: a backup taken before an upgrade must be of the database as it is, and a
 * restore compares the migrations as they are.
 */
export async function connectionFor(config: DatabaseConfig): Promise<{ url: string; close(): Promise<void> }> {
  if (config.databaseUrl) return { url: config.databaseUrl, close: async () => {} };
  const server = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedDbPort });
  try {
    await ensureDatabase(server.adminUrl, EMBEDDED_DATABASE);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { url: server.urlFor(EMBEDDED_DATABASE), close: () => server.stop() };
}

export interface TableCount {
  name: string;
  rows: number;
}

export interface BackupResult {
  file: string;
  migration: string;
  tables: TableCount[];
  rows: number;
  bytes: number;
  ms: number;
}

/**
 * Writes a consistent snapshot of every table of the public schema to `file`, gzip-compressed.
 * One REPEATABLE READ READ ONLY transaction on one connection: the counts of the header and every
 * COPY see the same moment, whatever the running app writes meanwhile, and block none of it.
 * Rows stream from COPY through gzip to `<file>.partial`, renamed to `file` only when complete.
 */
export async function backupDatabase(url: string, file: string, options: { force?: boolean } = {}) {
  const started = performance.now();
  if (!options.force && (await exists(file))) {
    throw new ValidationError({
      file: `${file} already exists; choose another name, or add --force to replace it.`,
    });
  }
  const partial = `${file}.partial`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const setting of COPY_SESSION_SETTINGS) await client.query(setting);
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows: clock } = await client.query<{ now: Date; version: string }>(
      'SELECT now() AS now, current_setting($1) AS version',
      ['server_version'],
    );
    const migration = await lastMigration(client);
    if (!migration) {
      throw new ValidationError({
        database: 'The database has no migrations applied: there is nothing to back up.',
      });
    }
    const columns = await tableColumns(client);
    const tables: BackupHeader['tables'] = [];
    // In foreign-key order, so restore loads the file as it reads it: a row after the rows it points at.
    for (const name of orderByReferences([...columns.keys()], await references(client))) {
      const names = columns.get(name)!;
      const { rows } = await client.query<{ count: string }>(`SELECT count(*) FROM ${qualified(client, name)}`);
      tables.push({ name, columns: names, rows: Number(rows[0]!.count) });
    }
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      migration,
      takenAt: clock[0]!.now.toISOString(),
      postgres: clock[0]!.version,
      tables,
    };
    async function* content() {
      yield Buffer.from(headerLines(header));
      for (const table of tables) {
        const copy = client.query(
          copyTo(`COPY ${qualified(client, table.name)} (${list(client, table.columns)}) TO STDOUT`),
        );
        let lines = 0;
        for await (const chunk of copy as AsyncIterable<Buffer>) {
          lines += takeLines(chunk, Infinity).lines;
          yield chunk;
        }
        if (lines !== table.rows) {
          throw new Error(`${table.name}: COPY gave ${lines} rows, the snapshot counted ${table.rows}`);
        }
      }
      yield Buffer.from(`${BACKUP_END}\n`);
    }
    try {
      await pipeline(
        content,
        createGzip(),
        // Only its owner reads it: a backup holds password hashes and, in distribution mode, Slack tokens.
        createWriteStream(partial, { mode: 0o600, flush: true }),
      );
      await client.query('COMMIT');
      await rename(partial, file);
    } catch (error) {
      await rm(partial, { force: true });
      throw writeProblem(error, file);
    }
    return {
      file,
      migration,
      tables: tables.map(({ name, rows }) => ({ name, rows })),
      rows: tables.reduce((sum, t) => sum + t.rows, 0),
      bytes: (await stat(file)).size,
      ms: performance.now() - started,
    } satisfies BackupResult;
  } finally {
    await client.end().catch(() => {});
  }
}

export interface RestoreResult {
  file: string;
  migration: string;
  takenAt: string;
  tables: TableCount[];
  rows: number;
  sequences: number;
  ms: number;
}

/**
 * Loads a backup into an empty database at the backup's migration, in one transaction: every
 * app table is locked against writes, checked empty (rows a migration seeds aside), then loaded
 * with COPY in the file's order (foreign-key order); then every sequence is moved past the highest
 * id it gave. A refusal, or a file that turns out cut short half-way, rolls it all back: nothing
 * is changed.
 * `_prisma_migrations` keeps the database's own rows (the same migrations, by the check).
 */
export async function restoreDatabase(url: string, file: string): Promise<RestoreResult> {
  const started = performance.now();
  await checkReadable(file);
  const source = pipelineToGunzip(file);
  const client = new pg.Client({ connectionString: url });
  let connected = false;
  try {
    const reader = new ChunkReader(source[Symbol.asyncIterator](), file);
    checkMagicLine(file, await reader.line(MAX_MAGIC_LINE));
    const header = parseHeader(file, await reader.line(MAX_HEADER_LINE));
    await client.connect();
    connected = true;
    for (const setting of COPY_SESSION_SETTINGS) await client.query(setting);
    await client.query("SET lock_timeout = '10s'");
    await client.query('BEGIN');
    const problem = migrationProblem(header, await lastMigration(client));
    if (problem) throw new ValidationError({ database: problem });
    const columns = await tableColumns(client);
    const mismatch = tablesProblem(header.tables, columns);
    if (mismatch) throw new ValidationError({ database: mismatch });
    const appTables = header.tables.map((t) => t.name).filter((name) => name !== MIGRATIONS_TABLE);
    const unordered = orderProblem(appTables, await references(client));
    if (unordered) throw new ValidationError({ database: unordered });
    // Writers wait (reads go on) until the restore commits: nothing is written between the check and the load.
    if (appTables.length) {
      await client.query(`LOCK TABLE ${appTables.map((t) => qualified(client, t)).join(', ')} IN EXCLUSIVE MODE`);
    }
    const notEmpty = [];
    for (const table of appTables) {
      const seed = MIGRATION_SEEDS[table];
      const { rows } = await client.query<{ found: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM ${qualified(client, table)}${seed ? ` WHERE NOT (${seed})` : ''}) AS found`,
      );
      if (rows[0]!.found) notEmpty.push(table);
    }
    if (notEmpty.length) {
      throw new ValidationError({
        database:
          `The database is not empty (it has rows in ${notEmpty.join(', ')}); restore loads into an empty database only, ` +
          'so that it never mixes two sets of data. Use a fresh DATA_DIR (or a new database for DATABASE_URL), run ' +
          '`switchboard migrate`, then restore.',
      });
    }
    // The backup wrote the tables in foreign-key order (checked above against this database's keys).
    for (const table of header.tables) {
      if (table.name === MIGRATIONS_TABLE) {
        // The database keeps its own history: the same migrations, by the check above.
        for await (const chunk of reader.lines(table.rows)) void chunk;
        continue;
      }
      const seed = MIGRATION_SEEDS[table.name];
      if (seed) await client.query(`DELETE FROM ${qualified(client, table.name)} WHERE ${seed}`);
      const copy = client.query(
        copyFrom(`COPY ${qualified(client, table.name)} (${list(client, table.columns)}) FROM STDIN`),
      );
      await pipeline(reader.lines(table.rows), copy);
      if (copy.rowCount !== table.rows) {
        throw new Error(`${table.name}: COPY loaded ${copy.rowCount} rows, the backup holds ${table.rows}`);
      }
    }
    const end = await reader.line(MAX_MAGIC_LINE);
    if (end !== BACKUP_END || !(await reader.atEnd())) {
      throw new ValidationError({
        file: `${file} is cut short or damaged (it does not end as a backup ends).`,
      });
    }
    const sequences = await resetSequences(client);
    await client.query('COMMIT');
    const tables = header.tables.filter((t) => t.name !== MIGRATIONS_TABLE).map(({ name, rows }) => ({ name, rows }));
    return {
      file,
      migration: header.migration,
      takenAt: header.takenAt,
      tables,
      rows: tables.reduce((sum, t) => sum + t.rows, 0),
      sequences,
      ms: performance.now() - started,
    };
  } catch (error) {
    if (connected) await client.query('ROLLBACK').catch(() => {});
    throw readProblem(error, file);
  } finally {
    source.destroy();
    if (connected) await client.end().catch(() => {});
  }
}

/** The header of a backup file, without loading it (what a file holds, for a look before a restore). */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  await checkReadable(file);
  const source = pipelineToGunzip(file);
  try {
    const reader = new ChunkReader(source[Symbol.asyncIterator](), file);
    checkMagicLine(file, await reader.line(MAX_MAGIC_LINE));
    return parseHeader(file, await reader.line(MAX_HEADER_LINE));
  } catch (error) {
    throw readProblem(error, file);
  } finally {
    source.destroy();
  }
}

async function lastMigration(client: pg.Client): Promise<string | undefined> {
  const { rows: present } = await client.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [
    `${SCHEMA}.${MIGRATIONS_TABLE}`,
  ]);
  if (!present[0]!.found) return undefined;
  const { rows } = await client.query<{ name: string }>(
    `SELECT migration_name AS name FROM ${SCHEMA}.${MIGRATIONS_TABLE}
     WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name DESC LIMIT 1`,
  );
  return rows[0]?.name;
}

/** Every ordinary table of the schema and its columns (generated ones aside: COPY FROM can't write them). */
async function tableColumns(client: pg.Client): Promise<Map<string, string[]>> {
  const { rows } = await client.query<{ table: string; columns: string[] }>(
    `SELECT c.relname AS table, array_agg(a.attname::text ORDER BY a.attnum) AS columns
     FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
     GROUP BY c.relname ORDER BY c.relname`,
    [SCHEMA],
  );
  return new Map(rows.map((row) => [row.table, row.columns]));
}

/** Table → the tables its foreign keys reference. */
async function references(client: pg.Client): Promise<Map<string, Set<string>>> {
  const { rows } = await client.query<{ table: string; target: string }>(
    `SELECT DISTINCT c.relname AS table, t.relname AS target
     FROM pg_constraint k
     JOIN pg_class c ON c.oid = k.conrelid
     JOIN pg_class t ON t.oid = k.confrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE k.contype = 'f' AND n.nspname = $1`,
    [SCHEMA],
  );
  const map = new Map<string, Set<string>>();
  for (const row of rows) map.set(row.table, (map.get(row.table) ?? new Set()).add(row.target));
  return map;
}

/** Moves every sequence owned by a column of the schema past that column's highest value. */
async function resetSequences(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ sequence: string; table: string; column: string }>(
    `SELECT s.oid::regclass::text AS sequence, t.relname AS table, a.attname AS column
     FROM pg_class s
     JOIN pg_namespace n ON n.oid = s.relnamespace
     JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass
       AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
     JOIN pg_class t ON t.oid = d.refobjid
     JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
     WHERE s.relkind = 'S' AND n.nspname = $1`,
    [SCHEMA],
  );
  for (const row of rows) {
    const column = client.escapeIdentifier(row.column);
    // Empty: the sequence starts again (is_called false: the next value is the start value).
    await client.query(
      `SELECT CASE WHEN max(${column}) IS NULL
         THEN setval($1::regclass, (SELECT seqstart FROM pg_sequence WHERE seqrelid = $1::regclass), false)
         ELSE setval($1::regclass, max(${column})::bigint, true) END
       FROM ${qualified(client, row.table)}`,
      [row.sequence],
    );
  }
  return rows.length;
}

const qualified = (client: pg.Client, table: string) =>
  `${client.escapeIdentifier(SCHEMA)}.${client.escapeIdentifier(table)}`;
const list = (client: pg.Client, columns: readonly string[]) =>
  columns.map((c) => client.escapeIdentifier(c)).join(', ');

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

async function checkReadable(file: string) {
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new ValidationError({ file: `Can't read ${file}: ${fsReason(error)}.` });
  });
  if (!info.isFile()) throw new ValidationError({ file: `${file} is not a file.` });
  if (info.size === 0) throw notABackup(file, 'it is empty');
}

function pipelineToGunzip(file: string) {
  const gunzip = createGunzip();
  const input = createReadStream(file);
  input.on('error', (error) => gunzip.destroy(error));
  return input.pipe(gunzip);
}

function fsReason(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'there is no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOSPC':
      return 'the disk is full';
    default:
      return error.message;
  }
}

function writeProblem(error: unknown, file: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code && /^E[A-Z]+$/.test(code) && (error as NodeJS.ErrnoException).syscall) {
    return new ValidationError({
      file: `Can't write ${file}: ${fsReason(error as NodeJS.ErrnoException)}.`,
    });
  }
  return error;
}

function readProblem(error: unknown, file: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || code === 'ERR_STREAM_PREMATURE_CLOSE') {
    return /incorrect header check|unknown compression method/.test((error as Error).message)
      ? notABackup(file, 'it is not gzip-compressed')
      : new ValidationError({
          file: `${file} is cut short or damaged (${(error as Error).message}).`,
        });
  }
  if (code && (error as NodeJS.ErrnoException).syscall) {
    return new ValidationError({
      file: `Can't read ${file}: ${fsReason(error as NodeJS.ErrnoException)}.`,
    });
  }
  return error;
}

/** Reads lines, and runs of whole lines, from a stream of chunks without holding more than a chunk. */
class ChunkReader {
  private buffered: Buffer = Buffer.alloc(0);
  private ended = false;

  constructor(
    private readonly source: AsyncIterator<Buffer>,
    private readonly file: string,
  ) {}

  private async more(): Promise<boolean> {
    if (this.ended) return false;
    const next = await this.source.next();
    if (next.done) {
      this.ended = true;
      return false;
    }
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, next.value]) : next.value;
    return true;
  }

  /** The next line without its newline; undefined at the end. Longer than `max`: not ours. */
  async line(max: number): Promise<string | undefined> {
    for (;;) {
      const at = this.buffered.indexOf(10);
      if (at !== -1 && at <= max) {
        const line = this.buffered.subarray(0, at).toString('utf8');
        this.buffered = this.buffered.subarray(at + 1);
        return line;
      }
      if (at > max || this.buffered.length > max) throw notABackup(this.file, 'a line of its header is too long');
      if (!(await this.more())) return undefined;
    }
  }

  /** Exactly `count` lines, as chunks; the file ending before them is an error. */
  async *lines(count: number): AsyncGenerator<Buffer> {
    let remaining = count;
    while (remaining > 0) {
      if (!this.buffered.length && !(await this.more())) {
        throw new ValidationError({
          file: `${this.file} is cut short (it ends before its last rows).`,
        });
      }
      const { bytes, lines } = takeLines(this.buffered, remaining);
      const taken = this.buffered.subarray(0, bytes);
      this.buffered = this.buffered.subarray(bytes);
      remaining -= lines;
      if (taken.length) yield taken;
    }
  }

  async atEnd(): Promise<boolean> {
    while (!this.buffered.length) if (!(await this.more())) return true;
    return false;
  }
}
