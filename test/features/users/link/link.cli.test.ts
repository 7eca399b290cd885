import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../../src/cli/index.ts';
import { CLI_ACTOR } from '../../../../src/cli/system-actor.ts';
import { serviceSettings } from '../../../../src/slack/app.ts';
import { linkSlackAccount } from '../../../../src/features/users/link/link-user.ts';
import { seedOrganization, seedUser, slackPersonOf, tableCounts } from '../../../support/fixtures.ts';
import {
  NOTIFY_CHANNEL,
  resetToAdmin,
  startTestApp,
  TEAM_ID,
  testConfig,
  type TestApp,
} from '../../../support/harness.ts';
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
      'Ada Lovelace (ada@acme.example) is now linked to the Slack account U0ADA123. Announced in NOTIFY_CHANNEL; a direct message telling them is on its way.',
      'Their next Switchboard command in Slack works.',
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

  it('sets the workspace of an account already linked when another is given, audited, not “nothing changed”', async () => {
    const user = await ada('U0ADA123');
    expect(await cli('users', 'link', 'ada@acme.example', '--slack-user', 'U0ADA123', '--slack-team', 'T0OTHER')).toBe(
      0,
    );
    expect(lines[0]).toBe(
      'Ada Lovelace (ada@acme.example) was already linked to the Slack account U0ADA123; its workspace is now T0OTHER.',
    );
    expect(await reload(user)).toMatchObject({ slackUserId: 'U0ADA123', slackTeamId: 'T0OTHER', version: 2 });
    expect(await t.db.auditEvent.findFirstOrThrow({ where: { action: 'user.slack_linked' } })).toMatchObject({
      before: { slackTeamId: TEAM_ID },
      after: { slackTeamId: 'T0OTHER' },
    });
    const audit = await (await t.command(slackPersonOf(admin), '/audit', 'ada@acme.example')).json();
    expect(JSON.stringify(audit)).toContain('Slack workspace');
  });

  it('warns that a deactivated user can’t act yet, and tells the person so rather than “you can use it now”', async () => {
    const user = await ada();
    await t.db.user.update({ where: { id: user.id }, data: { active: false } });
    expect(await cli('users', 'link', 'ada@acme.example', '--slack-user', 'U0ADA123')).toBe(0);
    expect(lines[1]).toBe(
      'Warning: the user is deactivated, so Switchboard won’t act for them until reactivated (switchboard users reactivate).',
    );
    const told = await waitFor(() => t.slack.messagesIn('U0ADA123')[0]);
    expect(told.text).toContain('That user is deactivated, so Switchboard won’t act for you until an admin');
    expect(told.text).not.toContain('You can use Switchboard from Slack now');
  });

  it('links one Slack account to one user only, when two links of it (workspace unknown) run at once', async () => {
    // The use case the CLI runs, called at once for two users (each CLI run would first connect
    // to the database on its own, which spreads the two apart).
    const settings = serviceSettings(testConfig());
    const people = await Promise.all(
      ['ada', 'bob', 'cy', 'di'].map((name) =>
        seedUser(t.db, org.id, { firstName: name, lastName: 'X', email: `${name}@acme.example`, slackUserId: null }),
      ),
    );
    const link = (email: string, slackUserId: string) =>
      linkSlackAccount(t.db, settings, CLI_ACTOR, { email, slackUserId }).then(
        () => 'linked',
        (error: Error) => error.message,
      );
    const outcomes = await Promise.all([
      link('ada@acme.example', 'U0SAME1'),
      link('bob@acme.example', 'U0SAME1'),
      link('cy@acme.example', 'U0SAME2'),
      link('di@acme.example', 'U0SAME2'),
    ]);
    expect(outcomes.filter((outcome) => outcome === 'linked')).toHaveLength(2);
    expect(outcomes.filter((outcome) => outcome !== 'linked')).toEqual([
      expect.stringContaining('That Slack account is already linked to'),
      expect.stringContaining('That Slack account is already linked to'),
    ]);
    for (const account of ['U0SAME1', 'U0SAME2']) {
      const holders = await t.db.user.findMany({
        where: { id: { in: people.map((p) => p.id) }, slackUserId: account },
      });
      expect(holders).toHaveLength(1);
    }
    expect(await t.db.auditEvent.count({ where: { action: 'user.slack_linked' } })).toBe(2);
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

describe('an account held twice by older data (one link with the workspace, one without)', () => {
  it('acts as the user linked with this workspace, and leaves the other as it is', async () => {
    const older = await ada('U0TWICE1');
    await t.db.user.update({ where: { id: older.id }, data: { slackTeamId: null } });
    const grace = await t.db.user.update({
      where: { id: admin.id },
      data: { slackUserId: 'U0TWICE1', slackTeamId: TEAM_ID },
    });
    try {
      // Only an admin (Grace) gets Edit on Ada's card; Ada herself would not.
      const card = await (
        await t.command({ userId: 'U0TWICE1', teamId: TEAM_ID }, '/users', 'ada@acme.example')
      ).json();
      expect(JSON.stringify(card.blocks)).toContain('user_edit');
      expect((await reload(older)).slackTeamId).toBeNull();
      expect((await reload(grace)).slackTeamId).toBe(TEAM_ID);
    } finally {
      await t.db.user.update({ where: { id: admin.id }, data: { slackUserId: admin.slackUserId } });
    }
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
    const told = await waitFor(() => t.slack.messagesIn('U0ADA123')[0]);
    expect(told.text).toContain(
      'unlinked your Slack account from the Switchboard user ada@acme.example, so Switchboard no longer answers you as that user.',
    );
    const answer = await (await t.command({ userId: 'U0ADA123', teamId: TEAM_ID }, '/users')).json();
    expect(answer.text).toContain('Your Slack account is not linked to a Switchboard user');
    lines = [];
    expect(await cli('users', 'unlink', 'ada@acme.example')).toBe(0);
    expect(lines[0]).toMatch(/had no Slack account linked; nothing was changed\.$/);
  });
});
