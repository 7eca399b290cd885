import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSwitchboard } from '../../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { seedOrganization, seedUser } from '../../support/fixtures.ts';

let database: TestDatabase;
const cli = runSwitchboard;

beforeAll(async () => {
  database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
  process.env.NOTIFY_CHANNEL = 'C0NOTIFY';
  const acme = await seedOrganization(database.db, 'Acme');
  await seedUser(database.db, acme.id, { admin: true, email: 'grace@acme.example' });
  await seedUser(database.db, acme.id, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.example' });
  // Real changes through the CLI: Ada deactivated and reactivated.
  expect((await cli('users', 'deactivate', 'ada@acme.example')).code).toBe(0);
  expect((await cli('users', 'reactivate', 'ada@acme.example')).code).toBe(0);
});
afterAll(() => database.drop());

describe('switchboard audit list', () => {
  it('lists the latest changes in words, newest first, never as event codes', async () => {
    const { code, text } = await cli('audit', 'list');
    const lines = text.split('\n');
    expect(code).toBe(0);
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d {2}Reactivated: Ada Lovelace \(ada@acme\.example\) — by Switchboard cli$/,
    );
    expect(lines[1]).toBe('    active: no → yes');
    expect(lines[2]).toContain('Deactivated: Ada Lovelace');
    expect(lines[3]).toBe('    active: yes → no');
    expect(text).not.toMatch(/user\.[a-z_]+|true|false/);
  });

  it('narrows to one user, and says so when there is nothing', async () => {
    expect((await cli('audit', 'list', 'ada@acme.example')).text).toContain('Deactivated: Ada Lovelace');
    expect((await cli('audit', 'list', 'grace@acme.example')).text).toBe('No changes about grace@acme.example.');
  });

  it.each([
    [['audit', 'list', 'Nowhere'], 'Use switchboard audit list, switchboard audit list name@example.com'],
    [['audit', 'list', '--before', 'yesterday'], '--before takes the number printed after "More:"'],
    [['audit', 'import'], 'Say `audit export` or `audit list`.'],
  ])('refuses %j saying what is wrong, naming the CLI', async (args, message) => {
    const { code, text } = await cli(...args);
    expect(code).toBe(2);
    expect(text).toContain(message);
    expect(text.split('\n\n')[0]).not.toContain('/audit'); // the message; the usage may compare with Slack
  });
});
