import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/index.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { tableCounts } from '../../support/fixtures.ts';

let database: TestDatabase;
let lines: string[];
const capture = (line: string) => lines.push(line);
const cli = (...args: string[]) => runCli(args, capture, capture);

beforeAll(async () => {
  database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
});
afterAll(() => database.drop());
beforeEach(() => {
  lines = [];
});

const valid = [
  '--org',
  'Acme Telecom',
  '--email',
  'Grace@Acme.example',
  '--name',
  'Grace Brewster Hopper',
  '--slack-user',
  'U0GRACE01',
];

it.each([
  [['bootstrap'], 'Missing --org, --email, --name, --slack-user.'],
  [[...valid, '--color', 'blue'], "Unknown option '--color'"],
  [['--org', '', ...valid.slice(2)], 'Missing --org'],
  [valid.map((v) => (v === 'Grace@Acme.example' ? 'grace@' : v)), 'Enter an email address such as name@example.com.'],
  [valid.map((v) => (v === 'U0GRACE01' ? 'grace' : v)), 'A Slack member id looks like U01ABCDEF23'],
  [[...valid, '--slack-team', 'acme'], 'A Slack workspace id looks like T01ABCDEF23.'],
  [
    valid.map((v) => (v === 'Grace Brewster Hopper' ? `${'G'.repeat(101)} Hopper` : v)),
    'The first and the last name have at most 100 characters each.',
  ],
  // The same text rules as the forms (core/text.rules.ts).
  [
    valid.map((v) => (v === 'Grace Brewster Hopper' ? '\u200D \u3164' : v)),
    'Enter a name with visible letters: this admin’s full name has none.',
  ],
  [
    valid.map((v) => (v === 'Acme Telecom' ? 'Acme\u0007Telecom' : v)),
    'The company name contains an invisible control character (U+0007); type it again without it.',
  ],
])('refuses %j with a clear message and changes nothing', async (args, message) => {
  const before = await tableCounts(database.db);
  const code = await cli(...(args[0] === 'bootstrap' ? args : ['bootstrap', ...args]));
  expect(code).toBe(2);
  expect(lines.join('\n')).toContain(message);
  expect(await tableCounts(database.db)).toEqual(before);
});

it('creates the root organization and an active admin linked to the Slack user, audited', async () => {
  expect(await cli('bootstrap', ...valid)).toBe(0);
  expect(lines.join('\n')).toContain(
    'Created Acme Telecom with its first admin, Grace Brewster Hopper (grace@acme.example)',
  );
  const org = await database.db.organization.findFirstOrThrow({ where: { parentId: null } });
  expect(org.name).toBe('Acme Telecom');
  const admin = await database.db.user.findUniqueOrThrow({ where: { email: 'grace@acme.example' } });
  expect(admin).toMatchObject({
    organizationId: org.id,
    firstName: 'Grace Brewster',
    lastName: 'Hopper',
    active: true,
    admin: true,
    slackUserId: 'U0GRACE01',
    passwordHash: null,
  });
  const actions = (await database.db.auditEvent.findMany({ orderBy: { id: 'asc' } })).map((e) => e.action);
  expect(actions).toEqual(['organization.created', 'user.created']);
});

it('changes nothing when run again, and says so', async () => {
  const before = await tableCounts(database.db);
  expect(
    await cli('bootstrap', '--org', 'Other', '--email', 'x@y.example', '--name', 'X Y', '--slack-user', 'U0OTHER'),
  ).toBe(0);
  expect(lines.join('\n')).toBe(
    'Switchboard is already bootstrapped: Acme Telecom (admins: grace@acme.example). Nothing was changed.',
  );
  expect(await tableCounts(database.db)).toEqual(before);
});

it('lists its commands, and says when one is unknown', async () => {
  expect(await cli('--help')).toBe(0);
  expect(lines.join('\n')).toContain('bootstrap');
  lines = [];
  expect(await cli('frobnicate')).toBe(2);
  expect(lines.join('\n')).toContain('Unknown command “frobnicate”');
});
