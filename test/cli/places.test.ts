import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSwitchboard } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { seedOrganization, seedUser, slackPersonOf, tableCounts } from '../support/fixtures.ts';
import { startTestApp, type TestApp } from '../support/harness.ts';

// A refusal names where to go next: the CLI names its own commands, Slack its slash commands.

describe('the CLI names CLI commands', () => {
  let database: TestDatabase;
  const cli = runSwitchboard;

  beforeAll(async () => {
    database = await createTestDatabase();
    process.env.DATABASE_URL = database.url;
    process.env.NOTIFY_CHANNEL = 'C0NOTIFY';
    process.env.DEFAULT_PHONE_REGION = 'US';
    const acme = await seedOrganization(database.db, 'Acme');
    const ada = await seedUser(database.db, acme.id, { email: 'ada@acme.example', firstName: 'Ada' });
    await seedUser(database.db, acme.id, { email: 'bob@acme.example', firstName: 'Bob' });
    await database.db.phoneNumber.create({ data: { organizationId: acme.id, number: '+14155550101', userId: ada.id } });
  });
  afterAll(() => database.drop());

  it('a number someone else has: "move it" with switchboard numbers move, not /numbers move', async () => {
    const before = await tableCounts(database.db);
    const { code, text } = await cli('numbers', 'assign', 'bob@acme.example', '+14155550101');
    expect(code).toBe(1);
    expect(text).toContain('move it: switchboard numbers move ');
    expect(text).not.toMatch(/(?<![’\w])\/numbers/);
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('a number in no pool: switchboard numbers add', async () => {
    const { text } = await cli('numbers', 'assign', 'bob@acme.example', '+14155550199');
    expect(text).toContain('Add it to a pool first: switchboard numbers add +14155550199.');
  });

  it('a place only Slack has is said to be Slack’s', async () => {
    const { text } = await cli('numbers', 'list', '--company', 'Nowhere');
    expect(text).toContain('Try Slack’s /customers for their names.');
  });
});

describe('Slack names slash commands, and the CLI only as the operator’s', () => {
  let t: TestApp;
  let grace: Awaited<ReturnType<typeof seedUser>>;
  beforeAll(async () => {
    t = await startTestApp({ defaultPhoneRegion: 'US' });
    const acme = await seedOrganization(t.db, 'Acme');
    grace = await seedUser(t.db, acme.id, { admin: true, email: 'grace@acme.example' });
    const ada = await seedUser(t.db, acme.id, { email: 'ada@acme.example', firstName: 'Ada' });
    await seedUser(t.db, acme.id, { email: 'bob@acme.example', firstName: 'Bob' });
    await t.db.phoneNumber.create({ data: { organizationId: acme.id, number: '+14155550101', userId: ada.id } });
  });
  afterAll(() => t.stop());

  const answer = async (command: string, text: string) =>
    (await (await t.command(slackPersonOf(grace), command, text)).json()).text as string;

  it('a number someone else has: /numbers move, no switchboard command', async () => {
    const text = await answer('/numbers', 'assign bob@acme.example +14155550101');
    expect(text).toContain('move it: /numbers move ');
    expect(text).not.toContain('switchboard');
  });

  it('the operator’s break-glass is named as the operator’s', async () => {
    const text = await answer('/grantadmin', 'ada@acme.example needs it');
    expect(text).toContain('No one else can approve');
    expect(text).toContain('The operator can grant it with `switchboard users grant-admin');
  });
});
