import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrganization, seedUser, slackPersonOf, tableCounts } from '../support/fixtures.ts';
import { startTestApp, type TestApp } from '../support/harness.ts';
import { waitFor } from '../support/wait.ts';

// A workspace that installed Switchboard under other names (switchboard manifest --prefix,
// --commands switchboard,adduser) gets the same answers as one that installed the short names.

let t: TestApp;
let admin: Awaited<ReturnType<typeof seedUser>>;

beforeAll(async () => {
  t = await startTestApp();
  const acme = await seedOrganization(t.db, 'Acme');
  admin = await seedUser(t.db, acme.id, { admin: true, firstName: 'Grace', lastName: 'Hopper' });
  await seedUser(t.db, acme.id, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.example' });
});
afterAll(() => t.stop());

const answer = async (command: string, text: string) => (await t.command(slackPersonOf(admin), command, text)).json();

describe('one command, any name it was installed under', () => {
  it.each([
    ['/switchboard', 'users ada'],
    ['/switchboard', 'USERS   ada'],
    ['/sb-users', 'ada'],
    ['/sb-switchboard', 'users ada'],
    ['/switchboard', 'users <mailto:ada@acme.example|ada@acme.example>'],
  ])('%s %s answers as /users ada does', async (command, text) => {
    const direct = await answer('/users', text.replace(/^users\s+/i, ''));
    expect(JSON.stringify(direct)).toContain('Ada Lovelace');
    expect(await answer(command, text)).toEqual(direct);
  });

  it('/switchboard adduser opens the Add user form with the email filled in', async () => {
    await t.resetSlack();
    const response = await t.command(slackPersonOf(admin), '/switchboard', 'adduser new@acme.example');
    expect(response.status).toBe(200);
    const view = (await waitFor(() => t.slack.callsTo('views.open')[0])).args.view;
    expect(view.callback_id).toBe('add_user');
    expect(JSON.stringify(view.blocks)).toContain('new@acme.example');
  });

  it('/sb-licenses help answers its own usage', async () => {
    expect((await answer('/sb-licenses', 'help')).text).toMatch(/^Usage/);
  });
});

describe('/switchboard on its own', () => {
  it.each(['', 'help', '?'])('/switchboard %j lists every command under the name it was run as', async (text) => {
    const { text: list } = await answer('/sb-switchboard', text);
    expect(list).toMatch(/^Usage: `\/sb-switchboard <command> \[arguments\]`/);
    expect(list).toContain('`/sb-switchboard adduser` — Add a user (opens the form)');
    expect(list).toContain('`/sb-switchboard audit` — ');
    expect(list).not.toContain('`/sb-switchboard switchboard`');
  });

  it('names a word that is no command, lists the real ones, and changes nothing', async () => {
    const before = await tableCounts(t.db);
    const { text } = await answer('/switchboard', 'adusers ann@acme.example');
    expect(text).toMatch(/^Switchboard has no command “adusers”\. Usage: `\/switchboard <command> \[arguments\]`/);
    expect(text).toContain('`/switchboard adduser`');
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('quotes at most a little of a long unknown word, escaped', async () => {
    const { text } = await answer('/switchboard', `<b>${'x'.repeat(5000)}`);
    expect(text).toContain('“&lt;b&gt;xxx');
    expect(text.length).toBeLessThan(3000);
  });
});
