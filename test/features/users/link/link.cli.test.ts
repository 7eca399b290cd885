import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../../src/cli/index.ts';
import { seedOrganization, seedUser, tableCounts } from '../../../support/fixtures.ts';
import { NOTIFY_CHANNEL, resetToAdmin, startTestApp, TEAM_ID, type TestApp } from '../../../support/harness.ts';
import { waitFor } from '../../../support/wait.ts';

// The operator's `switchboard users link | unlink`, run against the database of a running app, so
// the notices go out and the linked person's next Slack command can be tried.
let t: TestApp;
let org: { id: string };
let admin: Awaited<ReturnType<typeof seedUser>>;
let lines: string[];
const cli = (...args: string[]) =>
  runCli(
    args,
    (line) => lines.push(line),
    (line) => lines.push(line),
  );

beforeAll(async () => {
  t = await startTestApp();
  process.env.DATABASE_URL = t.database.url;
  process.env.NOTIFY_CHANNEL = NOTIFY_CHANNEL;
  org = await seedOrganization(t.db, 'Acme');
  admin = await seedUser(t.db, org.id, { admin: true, firstName: 'Grace', lastName: 'Hopper' });
});
afterAll(() => t.stop());
beforeEach(async () => {
  await resetToAdmin(t, admin);
  lines = [];
});

const ada = (slackUserId: string | null = null) =>
  seedUser(t.db, org.id, {
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: 'ada@acme.example',
    slackUserId,
    portalAccess: true,
  });
const reload = (user: { id: string }) => t.db.user.findUniqueOrThrow({ where: { id: user.id } });

describe('switchboard users link', () => {
  it('links, audits as system:cli, announces, tells the person — and their next command works', async () => {
    const user = await ada();
    expect(await cli('users', 'link', 'ADA@acme.example', '--slack-user', 'U0ADA123')).toBe(0);
    expect(lines).toEqual([
      expect.stringMatching(
        /^Ada Lovelace.*ada@acme\.example.* is now linked to the Slack account U0ADA123: their next Switchboard command in Slack works\./,
      ),
    ]);
    // The workspace is learnt from their first request.
    expect(await reload(user)).toMatchObject({ slackUserId: 'U0ADA123', slackTeamId: null, version: 2 });
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'user.slack_linked' } });
    expect(event).toMatchObject({
      actorLabel: 'system:cli',
      before: { slackUserId: null },
      after: { slackUserId: 'U0ADA123' },
    });
    await waitFor(() => t.slack.messagesIn(NOTIFY_CHANNEL).some((m) => m.text.includes('<@U0ADA123>')));
    await waitFor(() => t.slack.messagesIn('U0ADA123')[0]);

    const answer = await (await t.command({ userId: 'U0ADA123', teamId: TEAM_ID }, '/users', 'lovelace')).json();
    expect(JSON.stringify(answer)).not.toContain('not linked');
    expect(JSON.stringify(answer.blocks)).toContain('ada@acme.example');
    expect((await reload(user)).slackTeamId).toBe(TEAM_ID);
  });

  it('takes the workspace when given, and says when nothing changes', async () => {
    const user = await ada();
    expect(await cli('users', 'link', 'ada@acme.example', '--slack-user', 'U0ADA123', '--slack-team', 'T0TEST')).toBe(
      0,
    );
    expect(await reload(user)).toMatchObject({ slackUserId: 'U0ADA123', slackTeamId: 'T0TEST' });
    lines = [];
    expect(await cli('users', 'link', 'ada@acme.example', '--slack-user', 'U0ADA123')).toBe(0);
    expect(lines[0]).toMatch(/was already linked to the Slack account U0ADA123; nothing was changed\.$/);
    expect(await t.db.auditEvent.count()).toBe(1);
  });

  it.each([
    [
      ['users', 'link', 'nobody@acme.example', '--slack-user', 'U0ADA123'],
      1,
      'No user with the email nobody@acme.example',
    ],
    [
      ['users', 'link', 'ada@acme.example', '--slack-user', 'ada'],
      2,
      '“ada”: A Slack member id looks like U01ABCDEF23',
    ],
    [
      ['users', 'link', 'ada@acme.example', '--slack-user', 'U0ADA123', '--slack-team', 'acme'],
      2,
      'A Slack workspace id looks like T01ABCDEF23',
    ],
    [['users', 'link', 'ada@acme.example'], 2, 'Say which Slack account'],
  ])('refuses %j with clear words and changes nothing', async (args, code, message) => {
    await ada();
    const before = await tableCounts(t.db);
    expect(await cli(...args)).toBe(code);
    expect(lines.join('\n')).toContain(message);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('refuses an account linked to someone else, naming them', async () => {
    const user = await ada();
    await seedUser(t.db, org.id, { firstName: 'Bob', lastName: 'B', email: 'bob@acme.example', slackUserId: 'U0BOB1' });
    expect(await cli('users', 'link', 'ada@acme.example', '--slack-user', 'U0BOB1')).toBe(2);
    expect(lines.join('\n')).toContain('That Slack account is already linked to Bob B (bob@acme.example)');
    expect((await reload(user)).slackUserId).toBeNull();
  });
});

describe('switchboard users unlink', () => {
  it('unlinks, audited and announced; the account is then a stranger', async () => {
    const user = await ada('U0ADA123');
    expect(await cli('users', 'unlink', 'ada@acme.example')).toBe(0);
    expect(lines[0]).toMatch(/is no longer linked to a Slack account \(was U0ADA123\)/);
    expect(await reload(user)).toMatchObject({ slackUserId: null, slackTeamId: null });
    expect(await t.db.auditEvent.findFirstOrThrow({ where: { action: 'user.slack_unlinked' } })).toMatchObject({
      before: { slackUserId: 'U0ADA123' },
      after: { slackUserId: null },
    });
    await waitFor(() => t.slack.messagesIn(NOTIFY_CHANNEL).some((m) => m.text.includes('no longer linked')));
    const answer = await (await t.command({ userId: 'U0ADA123', teamId: TEAM_ID }, '/users')).json();
    expect(answer.text).toContain('Your Slack account is not linked to a Switchboard user');
    lines = [];
    expect(await cli('users', 'unlink', 'ada@acme.example')).toBe(0);
    expect(lines[0]).toMatch(/had no Slack account linked; nothing was changed\.$/);
  });
});
