import { z } from 'zod';
import { ValidationError } from '../core/errors.ts';
import { nounFor } from '../core/words.rules.ts';

/**
 * The backup file (`switchboard backup`), gzip-compressed as a whole:
 *
 *   switchboard-backup 1\n          what it is and the format version
 *   {header as JSON}\n             migration, time, and each table: name, columns, rows
 *   rows of the first table         exactly `rows` lines of COPY's text format
 *   rows of the next table …
 *   end\n                           written last: a file without it was cut short
 *
 * COPY's text format, not its binary one: a row is one line (newlines and tabs inside values are
 * escaped), so the row counts of the header are all the framing needed; it is the same across
 * PostgreSQL versions and machines (the binary format of some types is not), and an operator can
 * read a backup with `zcat`. It is larger than binary before compression, not after.
 */
export const BACKUP_MAGIC = 'switchboard-backup';
export const BACKUP_FORMAT = 1;
export const BACKUP_END = 'end';
/** A first line longer than this is not ours (we read no further into a file that isn't a backup). */
export const MAX_MAGIC_LINE = 64;
export const MAX_HEADER_LINE = 1024 * 1024;
/** Prisma's migration history: in the backup, but not app data (a fresh database has it too). */
export const MIGRATIONS_TABLE = '_prisma_migrations';

/**
 * Rows a migration inserts: a freshly migrated database holds them, so they don't make it "not
 * empty"; restore replaces them with the backup's own. A migration that seeds a table adds it here
 * (the backup test restores into a freshly migrated database and fails, naming the table, until it does).
 */
export const MIGRATION_SEEDS: Readonly<Record<string, string>> = {
  // The deployment's own workspace (migration 20261204092657_workspaces).
  slack_workspace: `"team_id" = ''`,
};

/** Session settings that make COPY's text the same whichever server or settings wrote it (as pg_dump sets them). */
export const COPY_SESSION_SETTINGS = [
  "SET client_encoding = 'UTF8'",
  "SET DateStyle = 'ISO, YMD'",
  "SET IntervalStyle = 'postgres'",
  "SET TimeZone = 'UTC'",
  'SET extra_float_digits = 3',
  "SET bytea_output = 'hex'",
  'SET statement_timeout = 0',
  'SET idle_in_transaction_session_timeout = 0',
];

const tableSchema = z.object({
  name: z.string().min(1),
  columns: z.array(z.string().min(1)).min(1),
  rows: z.number().int().nonnegative(),
});
const headerSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  migration: z.string().min(1),
  takenAt: z.string().min(1),
  postgres: z.string().optional(),
  tables: z.array(tableSchema),
});
export type BackupHeader = z.infer<typeof headerSchema>;
export type BackupTable = BackupHeader['tables'][number];

export function magicLine(format = BACKUP_FORMAT): string {
  return `${BACKUP_MAGIC} ${format}`;
}

/** The problem with a file as a backup, worded for the operator, always as a refusal of `file`. */
export function notABackup(file: string, why: string): ValidationError {
  return new ValidationError({ file: `${file} is not a Switchboard backup (${why}).` });
}

/** Reads the first line: ours, and of the format this version reads; else says which it is. */
export function checkMagicLine(file: string, line: string | undefined): void {
  const match = line === undefined ? null : /^switchboard-backup (\d+)$/.exec(line);
  if (!match) throw notABackup(file, line === undefined ? 'it is empty or ends early' : 'it does not start like one');
  const format = Number(match[1]);
  if (format !== BACKUP_FORMAT) {
    throw new ValidationError({
      file:
        `${file} is a Switchboard backup of format ${format}; this version reads format ${BACKUP_FORMAT}. ` +
        'Restore it with the Switchboard version that wrote it.',
    });
  }
}

export function parseHeader(file: string, line: string | undefined): BackupHeader {
  if (line === undefined) throw notABackup(file, 'it ends before its header');
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw notABackup(file, 'its header is not readable');
  }
  const parsed = headerSchema.safeParse(json);
  if (!parsed.success) throw notABackup(file, 'its header is not readable');
  const names = parsed.data.tables.map((t) => t.name);
  if (new Set(names).size !== names.length) throw notABackup(file, 'its header names a table twice');
  return parsed.data;
}

export function headerLines(header: BackupHeader): string {
  return `${magicLine(header.format)}\n${JSON.stringify(header)}\n`;
}

/** Why the file can't be restored into a database at `databaseMigration` (undefined: it can). */
export function migrationProblem(
  header: Pick<BackupHeader, 'migration'>,
  databaseMigration: string | undefined,
): string | undefined {
  if (databaseMigration === undefined) {
    return (
      `The database has no migrations applied; the backup was taken at ${header.migration}. ` +
      'Run `switchboard migrate` first (with the Switchboard version of the backup), then restore.'
    );
  }
  if (databaseMigration === header.migration) return undefined;
  const older = databaseMigration < header.migration;
  return (
    `The backup was taken at migration ${header.migration}; the database is at ${databaseMigration}. ` +
    (older
      ? 'Upgrade Switchboard to the version of the backup and run `switchboard migrate`, then restore.'
      : 'Restore into a fresh database migrated by the Switchboard version of the backup (then upgrade: ' +
        'starting the new version applies the newer migrations).')
  );
}

/** The tables of the database and those of the backup must be the same, with the same columns. */
export function tablesProblem(
  backup: readonly BackupTable[],
  database: ReadonlyMap<string, readonly string[]>,
): string | undefined {
  const problems: string[] = [];
  for (const table of backup) {
    const columns = database.get(table.name);
    if (!columns) problems.push(`the database has no table ${table.name}`);
    else if ([...columns].sort().join(',') !== [...table.columns].sort().join(',')) {
      problems.push(`${table.name} has other columns in the database`);
    }
  }
  const inBackup = new Set(backup.map((t) => t.name));
  for (const name of database.keys()) if (!inBackup.has(name)) problems.push(`the backup has no table ${name}`);
  return problems.length
    ? `The backup's tables don't match the database's (${problems.join('; ')}), though the migration is the same.`
    : undefined;
}

/**
 * The tables in an order where each comes after the tables it references (`references`: table →
 * tables its foreign keys point at), so COPY never loads a row before the row it points at. A
 * table's references to itself are checked at the end of its own COPY, so they don't count.
 */
export function orderByReferences(
  tables: readonly string[],
  references: ReadonlyMap<string, ReadonlySet<string>>,
): string[] {
  const ordered: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (table: string, path: string[]) => {
    if (state.get(table) === 'done') return;
    if (state.get(table) === 'visiting') {
      throw new Error(`Foreign keys form a cycle (${[...path, table].join(' → ')}); restore can't order these tables.`);
    }
    state.set(table, 'visiting');
    for (const target of [...(references.get(table) ?? [])].sort()) {
      if (target !== table && tables.includes(target)) visit(target, [...path, table]);
    }
    state.set(table, 'done');
    ordered.push(table);
  };
  for (const table of [...tables].sort()) visit(table, []);
  return ordered;
}

/** Why loading `tables` in this order would break a foreign key (undefined: it won't). */
export function orderProblem(
  tables: readonly string[],
  references: ReadonlyMap<string, ReadonlySet<string>>,
): string | undefined {
  const late = tables.flatMap((table, at) =>
    [...(references.get(table) ?? [])]
      .filter((target) => target !== table && tables.indexOf(target) > at)
      .map((target) => `${table} before ${target}`),
  );
  return late.length
    ? `The backup's tables are not in this database's foreign-key order (${late.join(', ')}).`
    : undefined;
}

/** Where in `chunk` the `wanted`-th line ends: the bytes to take and the lines they hold. */
export function takeLines(chunk: Uint8Array, wanted: number): { bytes: number; lines: number } {
  let lines = 0;
  let from = 0;
  while (lines < wanted) {
    const at = chunk.indexOf(10, from);
    if (at === -1) return { bytes: chunk.length, lines };
    lines += 1;
    from = at + 1;
  }
  return { bytes: from, lines };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** One line per table, names aligned: "  user          1,204 rows". */
export function tableLines(tables: readonly { name: string; rows: number }[]): string[] {
  const width = Math.max(0, ...tables.map((t) => t.name.length));
  return tables.map(
    (t) => `  ${t.name.padEnd(width)}  ${t.rows.toLocaleString('en-US').padStart(9)} ${nounFor(t.rows, 'row')}`,
  );
}
