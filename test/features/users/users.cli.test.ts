import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/index.ts';
import { searchTextOf } from '../../../src/core/users.rules.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { seedOrganization, seedUser, tableCounts } from '../../support/fixtures.ts';

let database: TestDatabase;
let lines: string[];
let work: string;
const cli = (...args: string[]) =>
  runCli(
    args,
    (line) => lines.push(line),
    (line) => lines.push(line),
  );

beforeAll(async () => {
  database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
  process.env.NOTIFY_CHANNEL = 'C0NOTIFY';
  work = await mkdtemp(path.join(tmpdir(), 'switchboard-cli-'));
  const acme = await seedOrganization(database.db, 'Acme');
  const other = await seedOrganization(database.db, 'Other Co');
  await seedUser(database.db, acme.id, { admin: true, email: 'grace@acme.example' });
  const ada = {
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: 'ada@acme.example',
    title: null,
    officePhone: null,
    mobilePhone: null,
    faxPhone: null,
  };
  await database.db.user.create({ data: { ...ada, organizationId: acme.id, searchText: searchTextOf(ada) } });
  await seedUser(database.db, other.id, { firstName: 'Bob', lastName: 'Other', email: 'bob@other.example' });
});
afterAll(async () => {
  await database.drop();
  await rm(work, { recursive: true, force: true });
});
beforeEach(() => {
  lines = [];
});

describe('switchboard users', () => {
  it('lists users of every company (the CLI is a system actor)', async () => {
    expect(await cli('users', 'list')).toBe(0);
    expect(lines.map((line) => line.split('\t')[1])).toEqual([
      'ada@acme.example',
      'bob@other.example',
      'grace@acme.example',
    ]);
  });

  it('labels invited people "invited", not "deactivated"', async () => {
    const acme = await database.db.organization.findFirstOrThrow({ where: { name: 'Acme' } });
    const invited = await database.db.user.create({
      data: {
        organizationId: acme.id,
        email: 'nina@acme.example',
        firstName: '',
        lastName: 'Newcomer',
        searchText: 'newcomer nina@acme.example',
        active: false,
        invitedAt: new Date(),
      },
    });
    try {
      expect(await cli('users', 'list', 'nina')).toBe(0);
      expect(lines).toEqual(['Newcomer\tnina@acme.example\tAcme\tinvited']);
      lines = [];
      expect(await cli('users', 'show', 'nina@acme.example')).toBe(0);
      expect(lines[0]).toBe('Newcomer (nina@acme.example)  invited');
    } finally {
      await database.db.user.delete({ where: { id: invited.id } });
    }
  });

  it('searches and filters as /users does', async () => {
    expect(await cli('users', 'list', 'company:acme', 'love')).toBe(0);
    expect(lines).toEqual(['Ada Lovelace\tada@acme.example\tAcme\tActive']);
    lines = [];
    expect(await cli('users', 'list', 'is:sleeping')).toBe(2);
    expect(lines.join('\n')).toContain('“is:sleeping” is not a filter');
  });

  it('refuses a page token from another search', async () => {
    const { encodePageToken } = await import('../../../src/features/users/directory/query.rules.ts');
    const token = encodePageToken(
      { text: 'ada', adminsOnly: false },
      { direction: 'after', sortName: 'A', firstName: 'A', id: '00000000-0000-4000-8000-000000000000' },
    );
    expect(await cli('users', 'list', 'bob', '--page', token)).toBe(2);
    expect(lines.join('\n')).toContain('belongs to another search');
  });

  it('shows one user, and says clearly when there is none', async () => {
    expect(await cli('users', 'show', 'ADA@acme.example')).toBe(0);
    expect(lines[0]).toBe('Ada Lovelace (ada@acme.example)  Active');
    lines = [];
    expect(await cli('users', 'show', 'nobody@acme.example')).toBe(1);
    expect(lines.join('\n')).toContain('No user with the email nobody@acme.example');
  });

  it('shows the User ID, and finds the user by it', async () => {
    await database.db.user.update({ where: { email: 'ada@acme.example' }, data: { loginId: 'ada.l@login.example' } });
    try {
      expect(await cli('users', 'show', 'ada@acme.example', '--json')).toBe(0);
      expect(JSON.parse(lines.join('\n'))).toMatchObject({ email: 'ada@acme.example', loginId: 'ada.l@login.example' });
      lines = [];
      expect(await cli('users', 'show', 'ada.l@login.example')).toBe(0);
      expect(lines.slice(0, 3)).toEqual([
        'Ada Lovelace (ada@acme.example)  Active',
        'Company: Acme',
        'User ID: ada.l@login.example',
      ]);
    } finally {
      await database.db.user.update({ where: { email: 'ada@acme.example' }, data: { loginId: null } });
    }
  });

  it('deactivates and reactivates, recorded as system:cli and announced', async () => {
    expect(await cli('users', 'deactivate', 'ada@acme.example')).toBe(0);
    expect(lines).toEqual(['Ada Lovelace (ada@acme.example) is now deactivated.']);
    lines = [];
    expect(await cli('users', 'deactivate', 'ada@acme.example')).toBe(0);
    expect(lines).toEqual(['Ada Lovelace (ada@acme.example) was already deactivated.']);
    expect(await cli('users', 'reactivate', 'ada@acme.example')).toBe(0);
    const events = await database.db.auditEvent.findMany({ orderBy: { id: 'asc' } });
    expect(events.map((event) => [event.action, event.actorLabel, event.actorId])).toEqual([
      ['user.deactivated', 'system:cli', null],
      ['user.reactivated', 'system:cli', null],
    ]);
    expect(await database.db.outboxMessage.count({ where: { destination: 'C0NOTIFY' } })).toBe(2);
  });

  it('removes admin rights, keeping the last active admin of a company', async () => {
    expect(await cli('users', 'revoke-admin', 'grace@acme.example')).toBe(1);
    expect(lines.join('\n')).toContain('last active admin of Acme');
    lines = [];
    await database.db.user.update({ where: { email: 'ada@acme.example' }, data: { admin: true } });
    expect(await cli('users', 'revoke-admin', 'grace@acme.example')).toBe(0);
    expect(lines).toEqual([expect.stringMatching(/\(grace@acme.example\) is no longer an admin\.$/)]);
  });

  it('explains a missing email or verb', async () => {
    expect(await cli('users', 'deactivate')).toBe(2);
    expect(await cli('users')).toBe(2);
    expect(lines.join('\n')).toContain('Usage:');
  });
});

describe('switchboard licenses', () => {
  it('records seats for a company and lists them', async () => {
    expect(await cli('licenses', 'add', 'Meet', '5', '--company', 'acme')).toBe(0);
    expect(lines).toEqual(['Acme now has 5 Meet seats.']);
    lines = [];
    expect(await cli('licenses', 'list')).toBe(0);
    expect(lines).toEqual(['Acme\tMeet\t0/5 in use\t5 available']);
  });

  it.each([
    [['licenses', 'add', 'Meet', '5'], 'Say which company'],
    [
      ['licenses', 'add', 'Meet', 'five', '--company', 'Acme'],
      'The number of seats must be a whole number from 1 to 100000; you typed “five”.',
    ],
    [['licenses', 'add', 'Meet', '5', '--company', 'Nowhere'], 'None of your companies is called “Nowhere”'],
    [['licenses'], 'Say what to do with licenses'],
  ])('refuses %j clearly', async (args, message) => {
    expect(await cli(...args)).toBe(2);
    expect(lines.join('\n')).toContain(message);
  });
});

describe('switchboard invite', () => {
  const csv = async (name: string, content: string) => {
    const file = path.join(work, name);
    await writeFile(file, content);
    return file;
  };

  it('says what importing would do, and changes nothing', async () => {
    await cli('licenses', 'add', 'Phone', '1', '--company', 'Acme');
    lines = [];
    const file = await csv(
      'people.csv',
      'email;license\r\nnew1@acme.example;yes\r\nada@acme.example;true\r\nnew2@acme.example;1\r\nnew1@acme.example;no\r\nbroken;true\r\n',
    );
    const before = await tableCounts(database.db);
    expect(await cli('invite', '--csv', file, '--company', 'acme', '--product', 'phone', '--dry-run')).toBe(0);
    expect(lines).toEqual([
      '5 rows for Acme, product Phone:',
      'New people: 2',
      'Already users: 1',
      'Already invited: 0',
      'Duplicate rows: 1',
      'Invalid rows: 1',
      '  line 6: “broken” is not an email address',
      'Seats needed: 2 of 1 available — not enough seats',
      'Dry run: nothing was changed. Run again without --dry-run to import.',
    ]);
    expect(await tableCounts(database.db)).toEqual(before);
    // Importing it for real is all or nothing: one seat short, nothing changes.
    lines = [];
    expect(await cli('invite', '--csv', file, '--company', 'acme', '--product', 'phone')).toBe(1);
    expect(lines.join('\n')).toContain('2 Phone seats are needed but only 1 is free in Acme');
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('imports: the licensed are invited, the others listed; a second run invites nobody twice', async () => {
    const file = await csv('import.csv', 'lic@acme.example,true\nwaits@acme.example,false\n');
    await cli('licenses', 'add', 'Meet', '5', '--company', 'Acme');
    lines = [];
    expect(await cli('invite', '--csv', file, '--company', 'Acme', '--product', 'Meet')).toBe(0);
    expect(lines.slice(-2)).toEqual([
      'Imported into Acme: 1 invited, 1 listed waiting for a license, 0 rows skipped.',
      'The running app sends the invitations: a Slack DM to workspace members, an email to everyone else.',
    ]);
    const invited = await database.db.invitation.findMany({ include: { user: true }, orderBy: { status: 'asc' } });
    expect(invited.map((row) => [row.user.email, row.status, row.invitedBy])).toEqual([
      ['waits@acme.example', 'waiting_license', 'Switchboard cli'],
      ['lic@acme.example', 'sent', 'Switchboard cli'],
    ]);
    lines = [];
    expect(await cli('invite', '--csv', file, '--company', 'Acme', '--product', 'Meet')).toBe(0);
    expect(lines).toContain('Already invited: 2');
    expect(lines.at(-1)).toBe('Imported into Acme: 0 invited, 0 listed waiting for a license, 2 rows skipped.');
    expect(await database.db.invitation.count()).toBe(2);
  });

  it.each([
    [['invite', '--csv', 'nowhere.csv', '--company', 'Acme', '--dry-run'], 'There is no file nowhere.csv'],
    [['invite', '--company', 'Acme', '--dry-run'], 'Give the file and the company'],
  ])('refuses %j clearly', async (args, message) => {
    expect(await cli(...args)).toBe(2);
    expect(lines.join('\n')).toContain(message);
  });

  it.each([
    ['three.csv', 'a@acme.example,true,extra\n', 'Line 1 has 3 columns'],
    ['empty.csv', '', 'The file has no rows'],
  ])('refuses a file that is not an invitation file (%s)', async (name, content, message) => {
    expect(await cli('invite', '--csv', await csv(name, content), '--company', 'Acme', '--dry-run')).toBe(2);
    expect(lines.join('\n')).toContain(message);
  });

  it('asks which product when rows turn a license on', async () => {
    const file = await csv('licensed.csv', 'someone@acme.example,true\n');
    expect(await cli('invite', '--csv', file, '--company', 'Acme', '--dry-run')).toBe(2);
    expect(lines.join('\n')).toContain('say which product');
  });
});

describe('switchboard numbers, devices, extensions', () => {
  it('lists and assigns numbers, devices and extensions for scripting', async () => {
    expect(await cli('numbers', 'add', '+14155550100..+14155550101', '--company', 'Acme')).toBe(0);
    const file = path.join(work, 'numbers.csv');
    await writeFile(file, 'number\n+1 415 555 0102\n');
    expect(await cli('numbers', 'add', '--csv', file, '--company', 'Acme')).toBe(0);
    expect(await cli('numbers', 'assign', 'ada@acme.example', '+1 415 555 0101')).toBe(0);
    lines = [];
    expect(await cli('numbers', 'list', '--company', 'Acme')).toBe(0);
    expect(lines).toEqual([
      'Acme: 2 free, 1 assigned',
      '+1 415 555 0100\tfree',
      '+1 415 555 0102\tfree',
      '+1 415 555 0101\tAda Lovelace (ada@acme.example)',
    ]);
    expect(
      await cli('devices', 'add', 'voip', '00:1a:2b:3c:4d:5e', '--company', 'Acme', '--model', 'Yealink T54W'),
    ).toBe(0);
    lines = [];
    expect(await cli('devices', 'assign', 'ada@acme.example', '001A2B3C4D5E')).toBe(0);
    expect(lines).toEqual(['Ada Lovelace has VoIP phone 00:1A:2B:3C:4D:5E (Yealink T54W) now (1 device).']);
    lines = [];
    expect(await cli('extensions', 'set', 'ada@acme.example', 'next')).toBe(0);
    expect(lines).toEqual(['Ada Lovelace has extension 100 now.']);
    lines = [];
    expect(await cli('users', 'show', 'ada@acme.example')).toBe(0);
    expect(lines).toEqual(
      expect.arrayContaining([
        'Extension: 100',
        'Numbers: +1 415 555 0101',
        'Devices: VoIP phone 00:1A:2B:3C:4D:5E (Yealink T54W)',
      ]),
    );
  });

  it.each([
    [['numbers', 'assign', 'ada@acme.example', '12'], 2, 'is not a valid phone number'],
    [['numbers', 'add', '+14155550199'], 2, '--company'],
    [['numbers', 'add', '--csv', 'nowhere.csv', '--company', 'Acme'], 2, 'There is no file nowhere.csv'],
    [['devices', 'add', 'voip', 'zz:zz', '--company', 'Acme'], 2, 'is not a MAC address'],
    [['devices', 'frobnicate'], 2, 'Unknown or incomplete: devices frobnicate'],
  ])('refuses %j clearly', async (args, code, message) => {
    const before = await tableCounts(database.db);
    expect(await cli(...args)).toBe(code);
    expect(lines.join('\n')).toContain(message);
    expect(await tableCounts(database.db)).toEqual(before);
  });
});

describe('switchboard audit export', () => {
  it('writes CSV with a header, oldest first', async () => {
    const file = path.join(work, 'audit.csv');
    expect(await cli('audit', 'export', '--since', '2000-01-01', '--out', file)).toBe(0);
    const csv = (await readFile(file, 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('id,at,actor,action,what,target_type,target_id,target,organization_id,before,after,changes');
    // Actor and target named as people read names; target_id finds the row.
    expect(csv[1]).toContain(',Switchboard cli,user.deactivated,deactivated,user,');
    expect(csv[1]).toContain(',Ada Lovelace (ada@acme.example),');
    const total = await database.db.auditEvent.count();
    expect(csv).toHaveLength(total + 1);
    expect(lines[0]).toMatch(new RegExp(`^Wrote ${total} changes since 2000-01-01T00:00:00.000Z to `));
  });

  it('writes JSON lines', async () => {
    const file = path.join(work, 'audit.jsonl');
    expect(await cli('audit', 'export', '--since', '2000-01-01', '--format', 'jsonl', '--out', file)).toBe(0);
    const records = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const stored = await database.db.auditEvent.findMany({ orderBy: { id: 'asc' } });
    expect(records.map((record) => record.action)).toEqual(stored.map((event) => event.action));
    expect(records.slice(0, 2).map((record) => record.action)).toEqual(['user.deactivated', 'user.reactivated']);
    expect(JSON.parse(records[0].after)).toEqual({ active: false, admin: false, portalAccess: false });
    // In words too, for people reading the export.
    expect(records[0]).toMatchObject({ what: 'deactivated', changes: 'active: yes → no' });
  });

  it('exports only the header when nothing happened since', async () => {
    const file = path.join(work, 'none.csv');
    expect(await cli('audit', 'export', '--since', '2999-01-01', '--out', file)).toBe(0);
    expect((await readFile(file, 'utf8')).trim()).toBe(
      'id,at,actor,action,what,target_type,target_id,target,organization_id,before,after,changes',
    );
  });

  it.each([
    [['audit', 'export'], 'Missing --since'],
    [['audit', 'export', '--since', 'last tuesday'], '--since takes a date such as 2026-11-01'],
    [['audit', 'export', '--since', '2026-01-01', '--format', 'xml'], '--format is csv or jsonl'],
    [['audit', 'import', '--since', '2026-01-01'], 'Say `audit export`'],
  ])('refuses %j clearly and changes nothing', async (args, message) => {
    const before = await tableCounts(database.db);
    expect(await cli(...args)).toBe(2);
    expect(lines.join('\n')).toContain(message);
    expect(await tableCounts(database.db)).toEqual(before);
  });
});

describe('switchboard users grant-admin (the operator’s break-glass)', () => {
  const orgId = async () => (await database.db.organization.findFirstOrThrow({ where: { name: 'Other Co' } })).id;
  /** Everything a refused grant could have changed. */
  const state = async () => ({
    admins: await database.db.user.count({ where: { admin: true } }),
    audit: await database.db.auditEvent.count(),
    outbox: await database.db.outboxMessage.count(),
  });

  it('gives Admin without approval, audited as system:cli and announced in the approvals channel', async () => {
    const zoe = await seedUser(database.db, await orgId(), { email: 'zoe@other.example' });
    expect(await cli('users', 'grant-admin', 'ZOE@other.example', '--reason', 'first admin of Other Co')).toBe(0);
    expect(lines.join('\n')).toContain('is now an admin');
    expect((await database.db.user.findUniqueOrThrow({ where: { id: zoe.id } })).admin).toBe(true);
    const audit = await database.db.auditEvent.findFirstOrThrow({
      where: { action: 'user.admin_granted', targetId: zoe.id },
    });
    expect(audit.actorLabel).toBe('system:cli');
    expect(JSON.stringify(audit.after)).toContain('first admin of Other Co');
    const notice = await database.db.outboxMessage.findFirstOrThrow({ orderBy: { createdAt: 'desc' } });
    expect(notice.destination).toBe('C0NOTIFY');
    expect(notice.notice).toMatchObject({ type: 'user.admin_granted', user: { email: 'zoe@other.example' } });
  });

  it.each([
    ['an unknown email', ['nobody@other.example', '--reason', 'x'], 'no user with the email'],
    ['a missing --reason', ['bob@other.example'], 'Say why'],
    ['an empty --reason', ['bob@other.example', '--reason', '  '], 'Say why'],
    ['someone already an admin', ['adam@other.example', '--reason', 'x'], 'already is an admin'],
    ['someone deactivated', ['dee@other.example', '--reason', 'x'], 'deactivated'],
    ['someone invited, not joined yet', ['ivo@other.example', '--reason', 'x'], 'not accepted their invitation'],
  ])('refuses %s, with a non-zero exit, and changes nothing', async (_case, args, message) => {
    const org = await orgId();
    if (!(await database.db.user.findFirst({ where: { email: 'dee@other.example' } }))) {
      await seedUser(database.db, org, { email: 'dee@other.example', active: false });
      await seedUser(database.db, org, { email: 'ivo@other.example', active: false });
      await seedUser(database.db, org, { email: 'adam@other.example', admin: true });
      await database.db.user.update({ where: { email: 'ivo@other.example' }, data: { invitedAt: new Date() } });
    }
    const before = await state();
    expect(await cli('users', 'grant-admin', ...args)).not.toBe(0);
    expect(lines.join('\n')).toContain(message);
    expect(await state()).toEqual(before);
  });
});
