import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackBusyError, slackMembers, workspaceMembers } from '../../src/slack/members.ts';
import { singleWorkspaceTokens } from '../../src/slack/workspace-tokens.ts';
import { FakeSlack } from '../support/fake-slack.ts';

// How the invitation courier finds workspace members: the whole workspace from users.list pages
// (Tier 2) for imports, kept for a while, within the tier and Slack's Retry-After.

const TOKEN = 'xoxb-members';
let slack: FakeSlack;
let now: number;
const clock = () => now;

beforeEach(async () => {
  slack = await new FakeSlack(TOKEN).start();
  now = Date.UTC(2026, 0, 1);
  for (let n = 0; n < 450; n++) {
    slack.addUser({ id: `U${n}`, teamId: 'T0', name: `p${n}`, realName: `P ${n}`, email: `P${n}@Acme.example` });
  }
  slack.addUser({
    id: 'UGONE',
    teamId: 'T0',
    name: 'gone',
    realName: 'Gone',
    email: 'gone@acme.example',
    deleted: true,
  });
  slack.addUser({ id: 'BBOT', teamId: 'T0', name: 'bot', realName: 'Bot', email: 'bot@acme.example', isBot: true });
});
afterEach(() => slack.stop());

describe('the workspace member list (users.list)', () => {
  it('reads every page by its cursor, 200 a page, and leaves out deleted users, bots and Slackbot', async () => {
    const { members } = slackMembers(TOKEN, slack.apiUrl, { clock });
    const found = await members();
    expect(found.size).toBe(450);
    expect(found.get('p7@acme.example')).toEqual({ teamId: 'T0', userId: 'U7' }); // by lower-case email
    expect(found.has('gone@acme.example') || found.has('bot@acme.example')).toBe(false);
    const calls = slack.callsTo('users.list');
    expect(calls.map((call) => [Number(call.args.limit), Boolean(call.args.cursor)])).toEqual([
      [200, false],
      [200, true],
      [200, true],
    ]);
  });

  it('is read once for many: kept for its time to live, then read again', async () => {
    const { members } = slackMembers(TOKEN, slack.apiUrl, { clock, directoryTtlMs: 60_000 });
    await members();
    now += 59_000;
    await members();
    expect(slack.callsTo('users.list')).toHaveLength(3);
    now += 2_000;
    await members();
    expect(slack.callsTo('users.list')).toHaveLength(6);
  });

  it('honours Retry-After: no call before it has passed, then goes on from the cursor where it stopped', async () => {
    const { members } = slackMembers(TOKEN, slack.apiUrl, { clock });
    slack.failNext('users.list', { kind: 'slow', delayMs: 0 }, { kind: 'rateLimited', retryAfterSeconds: 30 });
    const refused = await members().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SlackBusyError);
    expect((refused as SlackBusyError).retryAfterSeconds).toBe(30);
    expect(slack.callsTo('users.list')).toHaveLength(2);

    now += 20_000;
    expect(await members().catch((error: unknown) => error)).toBeInstanceOf(SlackBusyError);
    expect(slack.callsTo('users.list')).toHaveLength(2); // still waiting: Slack was not asked

    now += 11_000;
    expect((await members()).size).toBe(450);
    const calls = slack.callsTo('users.list');
    expect(calls).toHaveLength(4);
    expect(calls[1]!.args.cursor).toBeTruthy();
    expect(calls[2]!.args.cursor).toBe(calls[1]!.args.cursor); // the page it was refused, not the first
  });

  it('stays within its tier on its own: past `listPerMinute` calls in a minute it waits rather than call', async () => {
    const { members } = slackMembers(TOKEN, slack.apiUrl, { clock, listPerMinute: 2 });
    const refused = await members().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SlackBusyError);
    expect((refused as SlackBusyError).retryAfterSeconds).toBe(60);
    expect(slack.callsTo('users.list')).toHaveLength(2);
    now += 60_000;
    expect((await members()).size).toBe(450);
    expect(slack.callsTo('users.list')).toHaveLength(3);
  });

  it('while a fresh read is refused, the last complete one is used', async () => {
    const { members } = slackMembers(TOKEN, slack.apiUrl, { clock, directoryTtlMs: 1_000 });
    await members();
    now += 5_000;
    slack.failNext('users.list', { kind: 'rateLimited', retryAfterSeconds: 30 });
    expect((await members()).size).toBe(450);
  });

  it('a slow Slack fails the read after its timeout, so a run is never held for long', async () => {
    const { members } = slackMembers(TOKEN, slack.apiUrl, { clock, timeoutMs: 200 });
    slack.failNext('users.list', { kind: 'slow', delayMs: 2_000 });
    await expect(members()).rejects.toThrow();
  });
});

describe('each workspace its own list (workspaceMembers)', () => {
  it('lists a workspace of an org-wide install with the org’s token, naming the workspace as Slack requires', async () => {
    const org = await new FakeSlack().start();
    try {
      org
        .addEnterprise({ enterpriseId: 'EGRID', name: 'Grid', botUserId: 'UBOTG', botId: 'BBOTG' })
        .addTeam({ teamId: 'TONE', name: 'One', enterpriseId: 'EGRID', botUserId: 'UBOTG', botId: 'BBOTG' })
        .addTeam({ teamId: 'TTWO', name: 'Two', enterpriseId: 'EGRID', botUserId: 'UBOTG', botId: 'BBOTG' });
      org.addUser({ id: 'WONE', teamId: 'TONE', name: 'one', realName: 'One', email: 'one@grid.example' });
      org.addUser({ id: 'WTWO', teamId: 'TTWO', name: 'two', realName: 'Two', email: 'two@grid.example' });
      const installed = await fetch(`${org.apiUrl}oauth.v2.access`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: org.clientId,
          client_secret: org.clientSecret,
          code: org.authorizationCode({ teamId: 'TONE', installerUserId: 'WONE', orgWide: true }),
        }),
      }).then((response) => response.json() as Promise<{ access_token: string }>);
      const members = workspaceMembers(singleWorkspaceTokens(installed.access_token), org.apiUrl);
      expect([...(await members.members('TONE')).keys()]).toEqual(['one@grid.example']);
      expect([...(await members.members('TTWO')).keys()]).toEqual(['two@grid.example']);
      expect(org.callsTo('users.list').map((call) => [call.args.team_id, call.outcome])).toEqual([
        ['TONE', 'ok'],
        ['TTWO', 'ok'],
      ]);
    } finally {
      await org.stop();
    }
  });
});
