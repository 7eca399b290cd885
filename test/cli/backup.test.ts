import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/free-port.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { runSwitchboard } from '../support/cli.ts';
import { seedOrganization, seedUser, tableCounts } from '../support/fixtures.ts';

let source: TestDatabase;
let work: string;
const databases: TestDatabase[] = [];
const savedEnv = { ...process.env };

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'switchboard-backup-cli-'));
  await chmod(work, 0o755); // as root, the embedded PostgreSQL runs as "postgres", which must enter it
  source = await createTestDatabase();
  process.env.DATABASE_URL = source.url;
  process.env.NOTIFY_CHANNEL = 'C0NOTIFY';
  const acme = await seedOrganization(source.db, 'Acme');
  const grace = await seedUser(source.db, acme.id, { admin: true, email: 'grace@acme.example' });
  await seedUser(source.db, acme.id, { email: 'ada@acme.example', firstName: 'Ada', lastName: 'Lovelace' });
  const invited = await seedUser(source.db, acme.id, { email: 'invited@acme.example', active: false });
  await source.db.invitation.create({
    data: { userId: invited.id, status: 'sent', tokenHash: randomUUID(), invitedBy: grace.email },
  });
  // Through the CLI: an audit event and a notice in the outbox.
  expect((await runSwitchboard('users', 'deactivate', 'ada@acme.example')).code).toBe(0);
});

afterAll(async () => {
  process.env = savedEnv;
  await Promise.all([source, ...databases].map((database) => database.drop()));
  await rm(work, { recursive: true, force: true });
});

describe('switchboard backup and restore (DATABASE_URL)', () => {
  it('backs up, refuses to overwrite without --force, and restores into a fresh database', async () => {
    const file = path.join(work, 'acme.backup.gz');
    const backup = await runSwitchboard('backup', file);
    expect(backup.code, backup.text).toBe(0);
    expect(backup.out).toMatch(
      new RegExp(
        `^Backed up \\d+ tables, \\d+ rows \\(migration \\d+_\\w+\\) to ${file}: [\\d.]+ (KiB|bytes) in [\\d.]+ s\\.`,
      ),
    );
    expect(backup.out).toMatch(/^ {2}user +3 rows$/m);
    expect(backup.out).toMatch(/^ {2}audit_event +1 row$/m);

    const again = await runSwitchboard('backup', file);
    expect(again.code).toBe(2);
    expect(again.err).toContain(`${file} already exists; choose another name, or add --force to replace it.`);
    expect((await runSwitchboard('backup', file, '--force')).code).toBe(0);

    const target = await createTestDatabase();
    databases.push(target);
    process.env.DATABASE_URL = target.url;
    const restore = await runSwitchboard('restore', file);
    expect(restore.code, restore.text).toBe(0);
    expect(restore.out).toMatch(
      /^Restored \d+ rows in \d+ tables from .* \(taken 20\d\d-.*, migration \d+_\w+\) in [\d.]+ s; \d+ sequences moved past the restored ids\./,
    );
    expect(await tableCounts(target.db)).toEqual(await tableCounts(source.db));
    const users = await runSwitchboard('users', 'list');
    expect(users.out).toContain('ada@acme.example');
    expect(users.out).toContain('invited@acme.example');

    // Restoring again: the database is no longer empty; nothing changes.
    const before = await tableCounts(target.db);
    const twice = await runSwitchboard('restore', file);
    expect(twice.code).toBe(2);
    expect(twice.err).toMatch(
      /^Nothing was changed; fix these and run it again:\n {2}- The database is not empty \(it has rows in /,
    );
    expect(await tableCounts(target.db)).toEqual(before);
    process.env.DATABASE_URL = source.url;
  });

  it('says what is wrong with the command line or the file (exit code 2)', async () => {
    const noFile = await runSwitchboard('backup');
    expect(noFile.code).toBe(2);
    expect(noFile.err).toMatch(/^Name the file to write the backup to\.\n\nUsage: switchboard backup <file>/);
    expect((await runSwitchboard('restore')).err).toMatch(
      /^Name the backup file to restore\.\n\nUsage: switchboard restore/,
    );
    expect((await runSwitchboard('restore', 'a', 'b')).code).toBe(2);
    expect((await runSwitchboard('backup', '--help')).out).toMatch(/^Usage: switchboard backup <file> \[--force\]/);

    const missing = await runSwitchboard('restore', path.join(work, 'missing.gz'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('missing.gz: there is no such file or folder');
    const notBackup = path.join(work, 'notes.txt');
    await writeFile(notBackup, 'not a backup\n');
    const refused = await runSwitchboard('restore', notBackup);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`${notBackup} is not a Switchboard backup (it is not gzip-compressed).`);
    expect(await readFile(notBackup, 'utf8')).toBe('not a backup\n');
  });
});

describe('switchboard backup and restore (the embedded PostgreSQL under DATA_DIR)', () => {
  it('a fresh data folder: restore asks for `switchboard migrate` first, then loads the backup', async () => {
    const file = path.join(work, 'for-embedded.gz');
    const original = await runSwitchboard('backup', file);
    expect(original.code).toBe(0);
    const dataDir = path.join(work, 'data');
    delete process.env.DATABASE_URL;
    process.env.DATA_DIR = dataDir;
    process.env.EMBEDDED_DB_PORT = String(await freePort());
    try {
      const early = await runSwitchboard('restore', file);
      expect(early.code, early.text).toBe(2);
      expect(early.err).toMatch(/The database has no migrations applied.*Run `switchboard migrate` first/);

      expect((await runSwitchboard('migrate')).code).toBe(0);
      const restore = await runSwitchboard('restore', file);
      expect(restore.code, restore.text).toBe(0);
      const users = await runSwitchboard('users', 'list');
      expect(users.out).toContain('grace@acme.example');

      // A backup of the embedded database now holds as many rows in each table as the original.
      const again = await runSwitchboard('backup', path.join(work, 'from-embedded.gz'));
      expect(again.code, again.text).toBe(0);
      expect(again.out.split('\n').slice(1)).toEqual(original.out.split('\n').slice(1));
    } finally {
      process.env.DATABASE_URL = source.url;
    }
  }, 120_000);
});
