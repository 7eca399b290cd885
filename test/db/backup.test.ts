import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.ts';
import { searchTextOf } from '../../src/core/users.rules.ts';
import { backupDatabase, readBackupHeader, restoreDatabase } from '../../src/db/backup.ts';
import {
  checkMagicLine,
  MIGRATION_SEEDS,
  migrationProblem,
  orderByReferences,
  orderProblem,
  parseHeader,
  tablesProblem,
  takeLines,
} from '../../src/db/backup.rules.ts';
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from '../support/database.ts';
import { seedOrganization, seedUser } from '../support/fixtures.ts';

let source: TestDatabase;
let work: string;
let backupFile: string;
let backedUp: Awaited<ReturnType<typeof backupDatabase>>;
const made: TestDatabase[] = [];

/** A freshly migrated database (what `switchboard migrate` leaves in a new DATA_DIR). */
async function freshDatabase() {
  const database = await createTestDatabase();
  made.push(database);
  return database;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function tableNames(url: string): Promise<string[]> {
  const rows = await query<{ name: string }>(url, TABLES);
  return rows.map((r) => r.name);
}

const TABLES = `SELECT relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1`;

/** Every row of every app table, as JSON text, sorted: two databases hold the same data when these are equal. */
async function allRows(url: string): Promise<Record<string, string[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result: Record<string, string[]> = {};
    for (const { name } of (await client.query<{ name: string }>(TABLES)).rows) {
      if (name === '_prisma_migrations') continue;
      const { rows } = await client.query<{ r: string }>(
        `SELECT to_jsonb(t)::text AS r FROM public."${name}" t ORDER BY 1`,
      );
      result[name] = rows.map((row) => row.r);
    }
    return result;
  } finally {
    await client.end();
  }
}

async function rowCounts(url: string): Promise<Record<string, number>> {
  const rows = await allRows(url);
  const [migrations] = await query<{ n: string }>(url, 'SELECT count(*) AS n FROM _prisma_migrations');
  return {
    ...Object.fromEntries(Object.entries(rows).map(([table, list]) => [table, list.length])),
    _prisma_migrations: Number(migrations!.n),
  };
}

/** A copy of the backup with its decompressed text changed by `edit`. */
async function editedBackup(name: string, edit: (text: string) => string): Promise<string> {
  const file = path.join(work, name);
  const text = gunzipSync(await readFile(backupFile)).toString('utf8');
  await writeFile(file, gzipSync(Buffer.from(edit(text), 'utf8')));
  return file;
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return Object.values((error as ValidationError).fields).join(' ');
}

// Text that COPY's text format must escape: tabs, newlines, backslashes, \N, quotes, and non-ASCII.
const AWKWARD = 'Tab\there\nnew line \\ back\\slash \\N "quoted" ünïcödé 📞 \r end';

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'switchboard-backup-'));
  backupFile = path.join(work, 'backup.gz');
  source = await createTestDatabase();
  const db = source.db;
  const acme = await seedOrganization(db, 'Acme');
  await seedOrganization(db, 'Acme West', acme.id); // a row pointing at another row of its table
  const admin = await seedUser(db, acme.id, { admin: true, email: 'grace@acme.example' });
  const people = Array.from({ length: 2000 }, (_, i) => {
    const person = {
      firstName: i === 0 ? AWKWARD : `First${i}`,
      lastName: `Last${i}`,
      email: `person${i}@acme.example`,
      title: null,
      officePhone: null,
      mobilePhone: null,
      faxPhone: null,
    };
    return { ...person, organizationId: acme.id, searchText: searchTextOf(person), active: i % 3 !== 0 };
  });
  await db.user.createMany({ data: people });
  const invited = await db.user.findMany({ where: { active: false }, take: 300, orderBy: { email: 'asc' } });
  await db.invitation.createMany({
    data: invited.map((user, i) => ({
      userId: user.id,
      status: i % 2 ? 'sent' : 'waiting_license',
      tokenHash: i % 2 ? randomUUID() : null,
      expiresAt: new Date('2027-01-01T00:00:00.123Z'),
      invitedBy: admin.email,
    })),
  });
  await db.auditEvent.createMany({
    data: Array.from({ length: 2000 }, (_, i) => ({
      actorLabel: 'system:cli',
      action: 'user.added',
      targetType: 'user',
      targetLabel: `person${i}@acme.example`,
      organizationId: acme.id,
      after: { note: i === 0 ? AWKWARD : `n${i}`, nested: { list: [1, 2.5, null, true] } },
    })),
  });
  await db.outboxMessage.createMany({
    data: Array.from({ length: 500 }, (_, i) => ({
      destination: 'C0NOTIFY',
      notice: { type: 'user_added', text: i === 0 ? AWKWARD : `notice ${i}` },
      status: i % 5 === 0 ? 'failed' : 'sent',
      lastError: i % 5 === 0 ? AWKWARD : null,
      key: `k${i}`,
    })),
  });
  backedUp = await backupDatabase(source.url, backupFile);
});

afterAll(async () => {
  await Promise.all([source, ...made].map((database) => database.drop()));
  await rm(work, { recursive: true, force: true });
});

describe('backupDatabase and restoreDatabase', () => {
  it('round trip: every row of every table comes back in a fresh database, and new rows get new ids', async () => {
    const result = backedUp;
    const counts = await rowCounts(source.url);
    expect(result.rows).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
    expect(Object.fromEntries(result.tables.map((t) => [t.name, t.rows]))).toEqual(counts);
    expect(result.tables.map((t) => t.name)).toContain('_prisma_migrations');
    expect(result.bytes).toBe((await stat(backupFile)).size);
    expect((await stat(backupFile)).mode & 0o777).toBe(0o600);
    // Figures for the report: rows per second and size.
    console.log(
      `backup: ${result.rows} rows, ${result.bytes} bytes, ${result.ms.toFixed(0)} ms, ` +
        `${Math.round(result.rows / (result.ms / 1000))} rows/s`,
    );

    const header = await readBackupHeader(backupFile);
    const [last] = await query<{ name: string }>(
      source.url,
      'SELECT migration_name AS name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1',
    );
    expect(header.migration).toBe(last!.name);
    // Foreign-key order: the organizations before the users, the users before their invitations.
    const order = header.tables.map((t) => t.name);
    expect(order.indexOf('organization')).toBeLessThan(order.indexOf('user'));
    expect(order.indexOf('user')).toBeLessThan(order.indexOf('invitation'));

    const target = await freshDatabase();
    const restored = await restoreDatabase(target.url, backupFile);
    expect(restored.rows).toBe(result.rows - counts._prisma_migrations!);
    expect(await allRows(target.url)).toEqual(await allRows(source.url));
    const [awkward] = await query<{ first_name: string }>(
      target.url,
      `SELECT first_name FROM "user" WHERE email = 'person0@acme.example'`,
    );
    expect(awkward!.first_name).toBe(AWKWARD);

    // Sequences were moved past the restored ids: a new row gets the next id, not a taken one.
    const event = await target.db.auditEvent.create({
      data: { actorLabel: 'system:cli', action: 'x', targetType: 'user', targetLabel: 'x' },
    });
    const [max] = await query<{ max: string }>(source.url, 'SELECT max(id)::text AS max FROM audit_event');
    expect(event.id).toBe(BigInt(max!.max) + 1n);
    await target.db.outboxMessage.create({ data: { destination: 'C0NOTIFY', notice: { type: 'x' } } });
  });

  it('restores into a fresh database the rows a migration seeds (no clash with its own seed rows)', async () => {
    expect(Object.keys(MIGRATION_SEEDS)).toContain('slack_workspace');
    const seeded = await rowCounts((await freshDatabase()).url);
    // Only _prisma_migrations and the listed seeds hold rows in a freshly migrated database: a
    // migration that seeds another table must be listed in MIGRATION_SEEDS.
    expect(
      Object.entries(seeded)
        .filter(([table, n]) => n > 0 && table !== '_prisma_migrations' && !(table in MIGRATION_SEEDS))
        .map(([table]) => table),
    ).toEqual([]);
  });

  it('refuses an existing file unless forced; a failed backup leaves no file', async () => {
    const file = path.join(work, 'exists.gz');
    await writeFile(file, 'keep me');
    expect(await refusal(backupDatabase(source.url, file))).toMatch(/already exists.*--force/);
    expect(await readFile(file, 'utf8')).toBe('keep me');
    await backupDatabase(source.url, file, { force: true });
    expect((await readBackupHeader(file)).tables.length).toBeGreaterThan(5);

    const nowhere = path.join(work, 'no-such-folder', 'backup.gz');
    expect(await refusal(backupDatabase(source.url, nowhere))).toMatch(/Can't write .*no such file or folder/);
    await expect(stat(`${nowhere}.partial`)).rejects.toThrow();
  });

  it('refuses a database that holds rows, changing nothing', async () => {
    const target = await freshDatabase();
    await seedOrganization(target.db, 'Already here');
    const before = await allRows(target.url);
    expect(await refusal(restoreDatabase(target.url, backupFile))).toMatch(/not empty \(it has rows in organization\)/);
    expect(await allRows(target.url)).toEqual(before);
  });

  it('refuses a database at another migration, or with none, changing nothing', async () => {
    const older = await editedBackup('older.gz', (text) =>
      text.replace(/"migration":"([^"]+)"/, '"migration":"20200101000000_older"'),
    );
    const target = await freshDatabase();
    const before = await allRows(target.url);
    expect(await refusal(restoreDatabase(target.url, older))).toMatch(
      /taken at migration 20200101000000_older; the database is at \d+_\w+/,
    );
    expect(await allRows(target.url)).toEqual(before);

    const empty = await createEmptyDatabase();
    try {
      expect(await refusal(restoreDatabase(empty.url, backupFile))).toMatch(
        /no migrations applied.*Run `switchboard migrate` first/,
      );
      expect(await tableNames(empty.url)).toEqual([]);
    } finally {
      await empty.drop();
    }
  });

  it('refuses what is not a backup, another format, or a file cut short, changing nothing', async () => {
    const target = await freshDatabase();
    const before = await allRows(target.url);
    const plain = path.join(work, 'plain.txt');
    await writeFile(plain, 'hello\n');
    const otherGzip = path.join(work, 'other.gz');
    await writeFile(otherGzip, gzipSync(Buffer.from('id,name\n1,x\n')));
    const empty = path.join(work, 'empty');
    await writeFile(empty, '');
    const cut = path.join(work, 'cut.gz');
    await writeFile(cut, await readFile(backupFile));
    await truncate(cut, Math.floor((await stat(cut)).size * 0.6));
    const noEnd = await editedBackup('no-end.gz', (text) => text.slice(0, text.lastIndexOf('end\n')));
    const fewerRows = await editedBackup('fewer.gz', (text) =>
      text.replace(/\nend\n$/, '\n').replace(/\n[^\n]*\n$/, '\n'),
    );
    const format2 = await editedBackup('format2.gz', (text) =>
      text.replace('switchboard-backup 1\n', 'switchboard-backup 2\n').replace('"format":1', '"format":2'),
    );
    const badHeader = await editedBackup('bad-header.gz', (text) => text.replace('"tables"', '"tablez"'));

    const cases: [string, RegExp][] = [
      [plain, /is not a Switchboard backup \(it is not gzip-compressed\)/],
      [otherGzip, /is not a Switchboard backup \(it does not start like one\)/],
      [empty, /is not a Switchboard backup \(it is empty\)/],
      [cut, /is cut short or damaged/],
      [noEnd, /is cut short/],
      [fewerRows, /is cut short/],
      [format2, /backup of format 2; this version reads format 1/],
      [badHeader, /its header is not readable/],
      [path.join(work, 'missing.gz'), /Can't read .*missing\.gz: there is no such file/],
      [work, /is not a file/],
    ];
    for (const [file, message] of cases) {
      expect(await refusal(restoreDatabase(target.url, file)), file).toMatch(message);
      expect(await allRows(target.url)).toEqual(before);
    }
  });

  it('is consistent while the app writes: two tables written together are backed up together', async () => {
    const db = source.db;
    const acme = await db.organization.findFirstOrThrow({ where: { name: 'Acme' } });
    let running = true;
    let written = 0;
    const writer = (async () => {
      while (running) {
        // One transaction writes a user and its audit event: any moment has as many of each.
        await db.$transaction(async (tx) => {
          const email = `w${written}.${randomUUID().slice(0, 8)}@acme.example`;
          const person = {
            firstName: 'W',
            lastName: 'W',
            email,
            title: null,
            officePhone: null,
            mobilePhone: null,
            faxPhone: null,
          };
          await tx.user.create({ data: { ...person, organizationId: acme.id, searchText: searchTextOf(person) } });
          await tx.auditEvent.create({
            data: { actorLabel: 'system:test', action: 'pair', targetType: 'user', targetLabel: email },
          });
        });
        written += 1;
      }
    })();
    while (written < 20) await new Promise((resolve) => setTimeout(resolve, 5));
    const file = path.join(work, 'during.gz');
    const writtenBefore = written;
    let writtenDuring: number;
    try {
      await backupDatabase(source.url, file);
      writtenDuring = written - writtenBefore;
    } finally {
      running = false;
      await writer;
    }
    expect(writtenDuring).toBeGreaterThan(0);

    const target = await freshDatabase();
    await restoreDatabase(target.url, file);
    const [users] = await query<{ n: string }>(target.url, `SELECT count(*) AS n FROM "user" WHERE first_name = 'W'`);
    const [pairs] = await query<{ n: string }>(
      target.url,
      `SELECT count(*) AS n FROM audit_event WHERE action = 'pair'`,
    );
    expect(Number(users!.n)).toBe(Number(pairs!.n));
    expect(Number(users!.n)).toBeGreaterThanOrEqual(writtenBefore);
  });
});

describe('backup.rules', () => {
  const refs = (entries: [string, string[]][]) => new Map(entries.map(([t, targets]) => [t, new Set(targets)]));

  it('orders tables after the tables they reference; a reference to itself does not count; a cycle is refused', () => {
    const references = refs([
      ['invitation', ['user']],
      ['user', ['organization']],
      ['organization', ['organization']],
    ]);
    expect(orderByReferences(['user', 'invitation', 'organization', 'audit_event'], references)).toEqual([
      'audit_event',
      'organization',
      'user',
      'invitation',
    ]);
    expect(orderProblem(['organization', 'user', 'invitation'], references)).toBeUndefined();
    expect(orderProblem(['user', 'organization'], references)).toMatch(/user before organization/);
    expect(() =>
      orderByReferences(
        ['a', 'b'],
        refs([
          ['a', ['b']],
          ['b', ['a']],
        ]),
      ),
    ).toThrow(/cycle \(a → b → a\)/);
  });

  it('takes whole lines across chunks', () => {
    const chunk = Buffer.from('a\tb\nc\\nd\npartial');
    expect(takeLines(chunk, 1)).toEqual({ bytes: 4, lines: 1 });
    expect(takeLines(chunk, 2)).toEqual({ bytes: 9, lines: 2 }); // an escaped newline is no line end
    expect(takeLines(chunk, 5)).toEqual({ bytes: chunk.length, lines: 2 });
    expect(takeLines(chunk, 0)).toEqual({ bytes: 0, lines: 0 });
  });

  it('reads the first line and the header strictly', () => {
    expect(() => checkMagicLine('f', 'switchboard-backup 1')).not.toThrow();
    expect(() => checkMagicLine('f', 'switchboard-backup 7')).toThrow(ValidationError);
    expect(() => checkMagicLine('f', 'PGDMP')).toThrow(ValidationError);
    expect(() => checkMagicLine('f', undefined)).toThrow(ValidationError);
    const table = { name: 'user', columns: ['id'], rows: 1 };
    const header = { format: 1, migration: 'm1', takenAt: '2026-01-01T00:00:00.000Z', tables: [table] };
    expect(parseHeader('f', JSON.stringify(header))).toEqual(header);
    expect(() => parseHeader('f', JSON.stringify({ ...header, tables: [table, table] }))).toThrow(ValidationError);
    expect(() => parseHeader('f', JSON.stringify({ ...header, format: 2 }))).toThrow(ValidationError);
    expect(() => parseHeader('f', '{"format":1')).toThrow(ValidationError);
  });

  it('words each migration mismatch with what to do', () => {
    expect(migrationProblem({ migration: 'm2' }, 'm2')).toBeUndefined();
    expect(migrationProblem({ migration: 'm2' }, undefined)).toMatch(/Run `switchboard migrate` first/);
    expect(migrationProblem({ migration: 'm2' }, 'm1')).toMatch(/Upgrade Switchboard to the version of the backup/);
    expect(migrationProblem({ migration: 'm2' }, 'm3')).toMatch(/fresh database migrated by the Switchboard version/);
  });

  it("compares the backup's tables and columns with the database's", () => {
    const tables = [{ name: 'user', columns: ['id', 'email'], rows: 0 }];
    expect(tablesProblem(tables, new Map([['user', ['email', 'id']]]))).toBeUndefined();
    expect(tablesProblem(tables, new Map([['user', ['id']]]))).toMatch(/user has other columns/);
    expect(
      tablesProblem(
        tables,
        new Map([
          ['user', ['id', 'email']],
          ['device', ['id']],
        ]),
      ),
    ).toMatch(/the backup has no table device/);
    expect(tablesProblem(tables, new Map())).toMatch(/the database has no table user/);
  });
});
