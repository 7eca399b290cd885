import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, HTTPReceiver, LogLevel, MemoryInstallationStore } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from './fake-slack.ts';
import { installThroughRedirect } from './oauth-install.ts';
import { failOnRefusals } from './refusals.ts';

// The fake stands where Slack would; these tests hold it to Slack's strictness, so the app's
// tests can't pass against a fake more lenient than Slack.

let slack: FakeSlack;
let client: WebClient;
const modal = { type: 'modal', title: { type: 'plain_text', text: 'Test' }, blocks: [] as unknown[] };

beforeAll(async () => {
  slack = await new FakeSlack('xoxb-right').start();
  client = new WebClient('xoxb-right', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
});
afterAll(() => slack.stop());

const errorOf = (call: Promise<unknown>) =>
  call.then(
    () => 'ok',
    (error: { data?: { error: string } }) => error.data?.error,
  );

describe('fake Slack Web API', () => {
  it('refuses a wrong bot token', async () => {
    const wrong = new WebClient('xoxb-wrong', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    expect(await errorOf(wrong.auth.test())).toBe('invalid_auth');
  });

  it('accepts a trigger_id once', async () => {
    const trigger = slack.issueTrigger();
    expect(await errorOf(client.views.open({ trigger_id: trigger, view: modal as never }))).toBe('ok');
    expect(await errorOf(client.views.open({ trigger_id: trigger, view: modal as never }))).toBe('invalid_trigger_id');
    expect(await errorOf(client.views.open({ trigger_id: 'made-up', view: modal as never }))).toBe(
      'invalid_trigger_id',
    );
  });

  it('refuses a trigger_id older than 3 seconds', async () => {
    const trigger = slack.issueTrigger();
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    expect(await errorOf(client.views.open({ trigger_id: trigger, view: modal as never }))).toBe('expired_trigger_id');
  });

  it('refuses views (invalid_arguments) and messages (invalid_blocks) over Block Kit limits, naming the path', async () => {
    const section = (i: number) => ({ type: 'section', block_id: `b${i}`, text: { type: 'mrkdwn', text: 'x' } });
    const tooTall = { ...modal, blocks: Array.from({ length: 101 }, (_, i) => section(i)) };
    expect(await errorOf(client.views.open({ trigger_id: slack.issueTrigger(), view: tooTall as never }))).toBe(
      'invalid_arguments',
    );
    const longMetadata = { ...modal, private_metadata: 'x'.repeat(3001) };
    expect(await errorOf(client.views.open({ trigger_id: slack.issueTrigger(), view: longMetadata as never }))).toBe(
      'invalid_arguments',
    );
    const tooMany = Array.from({ length: 51 }, (_, i) => section(i));
    expect(await errorOf(client.chat.postMessage({ channel: 'C1', text: 'x', blocks: tooMany as never }))).toBe(
      'invalid_blocks',
    );
    const options = Array.from({ length: 101 }, (_, i) => ({
      text: { type: 'plain_text', text: `o${i}` },
      value: `${i}`,
    }));
    const bigSelect = {
      ...modal,
      submit: { type: 'plain_text', text: 'Go' },
      blocks: [
        {
          type: 'input',
          block_id: 's',
          label: { type: 'plain_text', text: 'S' },
          element: { type: 'static_select', action_id: 'a', options },
        },
      ],
    };
    expect(await errorOf(client.views.open({ trigger_id: slack.issueTrigger(), view: bigSelect as never }))).toBe(
      'invalid_arguments',
    );
    const refusals = slack.takeRefusals();
    expect(refusals.map((refusal) => refusal.where)).toEqual([
      'views.open',
      'views.open',
      'chat.postMessage',
      'views.open',
    ]);
    expect(refusals[3]!.messages.join()).toContain('[json-pointer:/blocks/0/element/options]');
  });

  it('refuses ephemeral messages, response_url bodies and acks over the limits too', async () => {
    const badButton = [
      {
        type: 'actions',
        elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'x'.repeat(76) } }],
      },
    ];
    expect(
      await errorOf(client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'x', blocks: badButton as never })),
    ).toBe('invalid_blocks');
    const posted = await fetch(slack.responseUrl(), {
      method: 'POST',
      body: JSON.stringify({ text: 'x', blocks: badButton }),
    });
    expect(posted.status).toBe(400);
    slack.checkAck('slash_command', { response_type: 'ephemeral', text: 'x', blocks: badButton });
    slack.checkAck('block_suggestion', { options: [{ text: { type: 'mrkdwn', text: 'x' }, value: '1' }] });
    const view = {
      blocks: [
        { type: 'input', block_id: 'email' },
        { type: 'section', block_id: 'intro' },
      ],
    };
    slack.checkAck('view_submission', { response_action: 'errors', errors: { email: 'Not an email.' } }, view);
    slack.checkAck('view_submission', { response_action: 'errors', errors: { intro: 'Not an input.' } }, view);
    expect(slack.takeRefusals().map((refusal) => refusal.where)).toEqual([
      'chat.postEphemeral',
      'response_url',
      'slash command ack',
      'block_suggestion options',
      'view_submission ack',
    ]);
  });

  it('answers with Slack’s own error code where it has one (no_text, msg_too_long)', async () => {
    expect(await errorOf(client.chat.postMessage({ channel: 'C1' } as never))).toBe('no_text');
    const { ts } = await client.chat.postMessage({ channel: 'C1', text: 'short' });
    expect(await errorOf(client.chat.update({ channel: 'C1', ts: ts!, text: 'x'.repeat(4001) }))).toBe('msg_too_long');
    expect(slack.takeRefusals().map((refusal) => refusal.error)).toEqual(['no_text', 'msg_too_long']);
  });

  it('fails the test that caused a refusal (unless the test takes it)', async () => {
    await errorOf(
      client.views.open({ trigger_id: slack.issueTrigger(), view: { ...modal, title: undefined } as never }),
    );
    expect(() => failOnRefusals()).toThrow(
      /Slack would have refused 1 screen\(s\):\n {2}views.open: invalid_arguments/,
    );
    expect(() => failOnRefusals()).not.toThrow();
  });

  it('updates only messages it has', async () => {
    const { ts } = await client.chat.postMessage({ channel: 'C1', text: 'first' });
    expect(await errorOf(client.chat.update({ channel: 'C1', ts: ts!, text: 'second' }))).toBe('ok');
    expect(slack.messagesIn('C1').at(-1)!.text).toBe('second');
    expect(await errorOf(client.chat.update({ channel: 'C1', ts: '1.000', text: 'x' }))).toBe('message_not_found');
  });

  it('answers users.lookupByEmail and users.info from its fixtures', async () => {
    slack.addUser({ id: 'U0ADA', teamId: 'T0', name: 'ada', realName: 'Ada Lovelace', email: 'ada@example.com' });
    expect((await client.users.lookupByEmail({ email: 'ADA@example.com' })).user?.id).toBe('U0ADA');
    expect(await errorOf(client.users.lookupByEmail({ email: 'nobody@example.com' }))).toBe('users_not_found');
    expect(await errorOf(client.users.info({ user: 'U0NOBODY' }))).toBe('user_not_found');
  });

  it('lists users with users.list as Slack does: paged by cursor, deleted users and bots included, limit at most 1000', async () => {
    const own = await new FakeSlack('xoxb-right').start();
    try {
      const list = new WebClient('xoxb-right', { slackApiUrl: own.apiUrl, retryConfig: { retries: 0 } });
      for (let i = 0; i < 5; i++) {
        own.addUser({ id: `U${i}`, teamId: 'T0', name: `u${i}`, realName: `U ${i}`, email: `u${i}@example.com` });
      }
      own.addUser({
        id: 'U0GONE',
        teamId: 'T0',
        name: 'gone',
        realName: 'Gone',
        email: 'gone@example.com',
        deleted: true,
      });
      own.addUser({ id: 'B0BOT', teamId: 'T0', name: 'bot', realName: 'Bot', email: '', isBot: true });
      const pages: { ids: string[]; cursor: string }[] = [];
      let cursor: string | undefined;
      do {
        const page = await list.users.list({ limit: 3, ...(cursor ? { cursor } : {}) });
        cursor = page.response_metadata?.next_cursor;
        pages.push({ ids: page.members!.map((member) => member.id!), cursor: cursor ?? '' });
      } while (cursor);
      expect(pages.map((page) => page.ids)).toEqual([
        ['USLACKBOT', 'U0', 'U1'],
        ['U2', 'U3', 'U4'],
        ['U0GONE', 'B0BOT'],
      ]);
      const last = await list.users.list({ limit: 3, cursor: pages[1]!.cursor });
      expect(last.members!.map((member) => [member.deleted, member.is_bot, member.profile?.email])).toEqual([
        [true, false, 'gone@example.com'],
        [false, true, undefined],
      ]);
      expect(await errorOf(list.users.list({ limit: 1001 }))).toBe('invalid_limit');
      expect(await errorOf(list.users.list({ limit: 200, cursor: 'bm90LWEtY3Vyc29y' }))).toBe('invalid_cursor');
    } finally {
      await own.stop();
    }
  });

  it('answers 429 with Retry-After past a method’s rate tier, when told to hold it to one', async () => {
    const own = await new FakeSlack('xoxb-right').start();
    try {
      own.limitRate('users.list', 2);
      const strict = new WebClient('xoxb-right', {
        slackApiUrl: own.apiUrl,
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
      });
      await strict.users.list({ limit: 200 });
      await strict.users.list({ limit: 200 });
      const refused = await strict.users.list({ limit: 200 }).catch((error: { retryAfter?: number }) => error);
      expect((refused as { retryAfter?: number }).retryAfter).toBeGreaterThanOrEqual(59);
      expect(own.callsTo('users.list').map((call) => call.outcome)).toEqual(['ok', 'ok', 'ratelimited']);
    } finally {
      await own.stop();
    }
  });

  it('stacks at most 3 views', async () => {
    const root = await client.views.open({ trigger_id: slack.issueTrigger(), view: modal as never });
    for (let i = 0; i < 2; i++) {
      await client.views.push({
        trigger_id: slack.issueTrigger(),
        view_id: root.view!.id,
        view: modal as never,
      } as never);
    }
    expect(
      await errorOf(
        client.views.push({ trigger_id: slack.issueTrigger(), view_id: root.view!.id, view: modal as never } as never),
      ),
    ).toBe('push_limit_reached');
  });
});

describe('fake Slack with several workspaces', () => {
  let many: FakeSlack;
  const noToken = () => new WebClient(undefined, { slackApiUrl: many.apiUrl, retryConfig: { retries: 0 } });
  const as = (token: string) => new WebClient(token, { slackApiUrl: many.apiUrl, retryConfig: { retries: 0 } });
  const credentials = { client_id: 'test-client-id', client_secret: 'test-client-secret' };
  /** Installs in a workspace (or org-wide) and answers oauth.v2.access's answer. */
  const install = async (teamId: string, orgWide = false) =>
    noToken().oauth.v2.access({
      ...credentials,
      code: many.authorizationCode({ teamId, installerUserId: `U0INSTALL${teamId}`, orgWide }),
    }) as Promise<Record<string, any>>;

  beforeAll(async () => {
    many = await new FakeSlack().start();
    many
      .addTeam({ teamId: 'T0ALPHA', name: 'Alpha', botUserId: 'U0BOTA', botId: 'B0BOTA' })
      .addTeam({ teamId: 'T0BETA', name: 'Beta', botUserId: 'U0BOTB', botId: 'B0BOTB', tokenRotation: true })
      .addEnterprise({ enterpriseId: 'E0ORG', name: 'Acme Org', botUserId: 'W0ORGBOT', botId: 'B0ORGBOT' })
      .addTeam({ teamId: 'T0G1', name: 'Acme One', enterpriseId: 'E0ORG', botUserId: 'W0ORGBOT', botId: 'B0ORGBOT' })
      .addTeam({ teamId: 'T0G2', name: 'Acme Two', enterpriseId: 'E0ORG', botUserId: 'W0ORGBOT', botId: 'B0ORGBOT' });
    many.addUser({ id: 'U0ADA', teamId: 'T0ALPHA', name: 'ada', realName: 'Ada', email: 'ada@alpha.example' });
    many.addUser({ id: 'U0BOB', teamId: 'T0BETA', name: 'bob', realName: 'Bob', email: 'bob@beta.example' });
    many.addUser({ id: 'W0GINA', teamId: 'T0G1', name: 'gina', realName: 'Gina', email: 'gina@acme.example' });
    many.addUser({ id: 'W0GUS', teamId: 'T0G2', name: 'gus', realName: 'Gus', email: 'gus@acme.example' });
  });
  afterAll(() => many.stop());

  it('issues a workspace token through oauth.v2.access with the fields of Slack’s v2 answer', async () => {
    const answer = await install('T0ALPHA');
    expect(answer).toMatchObject({
      ok: true,
      token_type: 'bot',
      bot_user_id: 'U0BOTA',
      app_id: 'A0SWITCHBOARD',
      team: { id: 'T0ALPHA', name: 'Alpha' },
      enterprise: null,
      is_enterprise_install: false,
      authed_user: { id: 'U0INSTALLT0ALPHA' },
    });
    expect(answer.access_token).toMatch(/^xoxb-/);
    expect(answer.scope).toContain('commands');
    expect(answer).not.toHaveProperty('refresh_token');
    expect(many.tokensOf('T0ALPHA')).toEqual([answer.access_token]);
  });

  it('answers auth.test per token, and records each call with its token and workspace', async () => {
    const [alpha] = many.tokensOf('T0ALPHA');
    const beta = (await install('T0BETA')).access_token as string;
    expect(await as(alpha!).auth.test()).toMatchObject({
      team_id: 'T0ALPHA',
      user_id: 'U0BOTA',
      bot_id: 'B0BOTA',
      is_enterprise_install: false,
    });
    expect(await as(beta).auth.test()).toMatchObject({ team_id: 'T0BETA', user_id: 'U0BOTB', bot_id: 'B0BOTB' });
    expect(many.callsBy('T0BETA').filter((call) => call.method === 'auth.test')).toEqual([
      expect.objectContaining({ token: beta, teamId: 'T0BETA', outcome: 'ok' }),
    ]);
  });

  it('refuses a code used twice, an unknown code, a wrong client id or secret, a different redirect_uri', async () => {
    const code = many.authorizationCode({ teamId: 'T0ALPHA', installerUserId: 'U0ADA' });
    expect(await errorOf(noToken().oauth.v2.access({ ...credentials, client_secret: 'wrong', code }))).toBe(
      'bad_client_secret',
    );
    expect(await errorOf(noToken().oauth.v2.access({ ...credentials, client_id: 'other-app', code }))).toBe(
      'invalid_client_id',
    );
    expect(await errorOf(noToken().oauth.v2.access({ ...credentials, code }))).toBe('ok');
    expect(await errorOf(noToken().oauth.v2.access({ ...credentials, code }))).toBe('invalid_code');
    expect(await errorOf(noToken().oauth.v2.access({ ...credentials, code: 'made-up' }))).toBe('invalid_code');
    const redirected = many.authorizationCode({
      teamId: 'T0ALPHA',
      installerUserId: 'U0ADA',
      redirectUri: 'https://app.example/slack/oauth_redirect',
    });
    expect(
      await errorOf(
        noToken().oauth.v2.access({ ...credentials, code: redirected, redirect_uri: 'https://evil.example/x' }),
      ),
    ).toBe('bad_redirect_uri');
    expect(
      await errorOf(noToken().oauth.v2.access({ ...credentials, grant_type: 'password' as never, code: 'x' })),
    ).toBe('invalid_grant_type');
  });

  it('takes the client credentials by HTTP Basic, as Slack prefers', async () => {
    const code = many.authorizationCode({ teamId: 'T0ALPHA', installerUserId: 'U0ADA' });
    const basic = (secret: string) =>
      fetch(`${many.apiUrl}oauth.v2.access`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`test-client-id:${secret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ code }).toString(),
      }).then((response) => response.json() as Promise<Record<string, any>>);
    expect((await basic('wrong')).error).toBe('bad_client_secret');
    expect(await basic('test-client-secret')).toMatchObject({ ok: true, team: { id: 'T0ALPHA' } });
  });

  it('shows a token only its own workspace’s members, DMs and files', async () => {
    const alpha = as(many.tokensOf('T0ALPHA').at(-1)!);
    const beta = as(many.tokensOf('T0BETA').at(-1)!);
    expect((await alpha.users.lookupByEmail({ email: 'ada@alpha.example' })).user?.id).toBe('U0ADA');
    expect(await errorOf(alpha.users.lookupByEmail({ email: 'bob@beta.example' }))).toBe('users_not_found');
    expect(await errorOf(alpha.users.info({ user: 'U0BOB' }))).toBe('user_not_found');
    expect(await errorOf(alpha.conversations.open({ users: 'U0BOB' }))).toBe('user_not_found');
    expect(await errorOf(alpha.conversations.open({ users: 'U0NOBODY' }))).toBe('user_not_found');
    expect((await alpha.users.list({})).members!.map((member) => member.id)).toEqual(['USLACKBOT', 'U0ADA']);
    const dm = (await alpha.conversations.open({ users: 'U0ADA' })).channel!.id!;
    expect(await errorOf(alpha.chat.postMessage({ channel: dm, text: 'hi' }))).toBe('ok');
    expect(await errorOf(beta.chat.postMessage({ channel: dm, text: 'hi' }))).toBe('channel_not_found');
    expect(await errorOf(beta.chat.postMessage({ channel: 'U0ADA', text: 'hi' }))).toBe('channel_not_found');
    many.addChannel({ id: 'C0ALPHA', teamId: 'T0ALPHA' });
    expect(await errorOf(beta.chat.postMessage({ channel: 'C0ALPHA', text: 'hi' }))).toBe('channel_not_found');
    expect(many.messagesIn(dm).map((message) => message.team)).toEqual(['T0ALPHA']);
    const file = many.hostFile('people.csv', 'email\n', 'csv', 'T0ALPHA');
    const download = (token: string) =>
      fetch(file.url_private_download, { headers: { authorization: `Bearer ${token}` } }).then(
        (response) => response.status,
      );
    expect(await download(many.tokensOf('T0BETA').at(-1)!)).toBe(403);
    expect(await download(many.tokensOf('T0ALPHA').at(-1)!)).toBe(200);
  });

  it('accepts a trigger only with a token of the workspace it was sent from', async () => {
    const view = { type: 'modal', title: { type: 'plain_text', text: 'Test' }, blocks: [] } as never;
    const beta = as(many.tokensOf('T0BETA').at(-1)!);
    expect(await errorOf(beta.views.open({ trigger_id: many.issueTrigger('T0ALPHA'), view }))).toBe(
      'invalid_trigger_id',
    );
    expect(await errorOf(beta.views.open({ trigger_id: many.issueTrigger('T0BETA'), view }))).toBe('ok');
  });

  it('rotates tokens: a refresh gives new ones, and the old access and refresh tokens stop working', async () => {
    const installed = await install('T0BETA');
    expect(installed.access_token).toMatch(/^xoxe\.xoxb-1-/);
    expect(installed.refresh_token).toMatch(/^xoxe-1-/);
    expect(installed.expires_in).toBe(43_200);
    const refresh = () =>
      noToken().oauth.v2.access({
        ...credentials,
        grant_type: 'refresh_token',
        refresh_token: installed.refresh_token,
      }) as Promise<Record<string, any>>;
    const rotated = await refresh();
    expect(rotated).toMatchObject({
      ok: true,
      token_type: 'bot',
      bot_user_id: 'U0BOTB',
      team: { id: 'T0BETA', name: 'Beta' },
      enterprise: null,
      is_enterprise_install: false,
      expires_in: 43_200,
    });
    expect(rotated.access_token).not.toBe(installed.access_token);
    expect(rotated.refresh_token).not.toBe(installed.refresh_token);
    expect(await errorOf(refresh())).toBe('invalid_refresh_token');
    expect(await errorOf(as(installed.access_token).auth.test())).toBe('token_revoked');
    expect(await errorOf(as(rotated.access_token).auth.test())).toBe('ok');
    expect(many.tokensOf('T0BETA')).toEqual([rotated.access_token]);
    expect(many.refreshTokenOf('T0BETA')).toBe(rotated.refresh_token);
  });

  it('refuses an expired token with token_expired; its refresh token still gives a new one', async () => {
    const [current] = many.tokensOf('T0BETA');
    many.expire('T0BETA');
    expect(await errorOf(as(current!).auth.test())).toBe('token_expired');
    expect(many.tokensOf('T0BETA')).toEqual([]);
    const rotated = (await noToken().oauth.v2.access({
      ...credentials,
      grant_type: 'refresh_token',
      refresh_token: many.refreshTokenOf('T0BETA')!,
    })) as Record<string, any>;
    expect(await errorOf(as(rotated.access_token).auth.test())).toBe('ok');
  });

  it('refuses every token of an uninstalled workspace (token_revoked), an unknown one (invalid_auth), none (not_authed)', async () => {
    const [token] = many.tokensOf('T0ALPHA');
    many.revoke('T0ALPHA');
    expect(await errorOf(as(token!).auth.test())).toBe('token_revoked');
    expect(many.tokensOf('T0ALPHA')).toEqual([]);
    expect(await errorOf(as('xoxb-never-issued').auth.test())).toBe('invalid_auth');
    expect(await errorOf(noToken().auth.test())).toBe('not_authed');
    const again = await install('T0ALPHA');
    expect(await errorOf(as(again.access_token).auth.test())).toBe('ok');
  });

  it('installs org-wide: one token for every workspace of the org, listed by auth.teams.list', async () => {
    const answer = await install('T0G1', true);
    expect(answer).toMatchObject({
      ok: true,
      team: null,
      enterprise: { id: 'E0ORG', name: 'Acme Org' },
      is_enterprise_install: true,
      bot_user_id: 'W0ORGBOT',
    });
    const org = as(answer.access_token);
    expect(await org.auth.test()).toMatchObject({
      team_id: 'E0ORG',
      enterprise_id: 'E0ORG',
      is_enterprise_install: true,
      bot_id: 'B0ORGBOT',
    });
    expect((await org.auth.teams.list({})).teams).toEqual([
      { id: 'T0G1', name: 'Acme One' },
      { id: 'T0G2', name: 'Acme Two' },
    ]);
    expect((await org.users.lookupByEmail({ email: 'gus@acme.example' })).user).toMatchObject({
      id: 'W0GUS',
      enterprise_user: { enterprise_id: 'E0ORG', teams: ['T0G2'] },
    });
    expect(await errorOf(org.users.lookupByEmail({ email: 'ada@alpha.example' }))).toBe('users_not_found');
    await org.users.list({ team_id: 'T0G2' });
    const dm = (await org.conversations.open({ users: 'W0GINA' })).channel!.id!;
    await org.chat.postMessage({ channel: dm, text: 'hi' });
    expect(many.callsBy('T0G2').map((call) => [call.method, call.token])).toEqual([
      ['users.list', answer.access_token],
    ]);
    // Without team_id the call speaks for the workspace of the member or channel it names.
    expect(many.callsBy('T0G1').map((call) => call.method)).toEqual(['conversations.open', 'chat.postMessage']);
    expect(await errorOf(org.users.list({ team_id: 'T0ALPHA' }))).toBe('team_access_not_granted');
    expect(many.tokensOf('T0G1')).toEqual([answer.access_token]);
    expect(many.installationFor('T0G2')).toEqual({
      teamId: null,
      enterpriseId: 'E0ORG',
      botUserId: 'W0ORGBOT',
      isEnterpriseInstall: true,
    });
    expect(await errorOf(install('T0G2'))).toBe('cannot_install_an_org_installed_app');
  });

  it('keeps the default token: one team (T0TEST), whose token also sees members of teams it doesn’t know', async () => {
    expect(await client.auth.test()).toMatchObject({ team_id: 'T0TEST', user_id: 'UBOT', bot_id: 'BBOT' });
    slack.addUser({ id: 'U0ELSE', teamId: 'T0ELSEWHERE', name: 'e', realName: 'E', email: 'e@example.com' });
    expect((await client.users.info({ user: 'U0ELSE' })).user?.id).toBe('U0ELSE');
    expect((await client.conversations.open({ users: 'U0NEVERADDED' })).channel?.id).toBe('DU0NEVERADDED');
  });
});

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

describe('installing through Bolt’s installer against the fake Slack', () => {
  // Bolt's own OAuth flow (InstallProvider: install page, state cookie, oauth.v2.access, auth.test,
  // the installation store, token rotation in authorize) run against the fake, with the settings
  // the app uses: what the app's distribution-mode tests rely on.
  let fake: FakeSlack;
  let receiver: HTTPReceiver;
  let app: App;
  let baseUrl: string;
  const store = new MemoryInstallationStore();

  beforeAll(async () => {
    fake = await new FakeSlack().start();
    fake
      .addTeam({ teamId: 'T0ONE', name: 'One', botUserId: 'U0BOT1', botId: 'B0BOT1' })
      // Tokens that expire within Bolt's 2 hours: its authorize rotates them at once.
      .addTeam({
        teamId: 'T0ROT',
        name: 'Rotating',
        botUserId: 'U0BOTR',
        botId: 'B0BOTR',
        tokenRotation: true,
        tokenLifetimeSeconds: 3600,
      })
      .addEnterprise({ enterpriseId: 'E0GRID', name: 'Grid Org', botUserId: 'W0GRIDBOT', botId: 'B0GRIDBOT' })
      .addTeam({ teamId: 'T0GA', name: 'Grid A', enterpriseId: 'E0GRID', botUserId: 'W0GRIDBOT', botId: 'B0GRIDBOT' });
    receiver = new HTTPReceiver({
      signingSecret: 'test-signing-secret',
      clientId: 'test-client-id',
      clientSecret: 'test-client-secret',
      stateSecret: 'test-state-secret',
      scopes: ['commands', 'chat:write'],
      installationStore: store,
      // Quiet: the refused redirect below is logged by Bolt as an error.
      logger: { ...quiet, getLevel: () => LogLevel.ERROR, setLevel: () => {}, setName: () => {} },
      installerOptions: {
        directInstall: false,
        installPath: '/slack/install',
        redirectUriPath: '/slack/oauth_redirect',
        clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
      },
    });
    app = new App({ receiver, clientOptions: { slackApiUrl: fake.apiUrl }, logLevel: LogLevel.ERROR });
    const server = (await app.start(0)) as Server;
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app.stop();
    await fake.stop();
  });

  it('installs in a workspace: Bolt stores the token the fake issued, and answers its success page', async () => {
    const result = await installThroughRedirect(baseUrl, fake, { teamId: 'T0ONE', installerUserId: 'U0ADMIN' });
    expect(result.status).toBe(200);
    expect(result.body).toContain('Thank you!');
    expect(result.authorizeUrl.searchParams.get('scope')).toBe('commands,chat:write');
    const stored = await store.fetchInstallation({
      teamId: 'T0ONE',
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    expect(stored.bot).toMatchObject({ token: fake.tokensOf('T0ONE')[0], userId: 'U0BOT1', id: 'B0BOT1' });
    expect(stored.user.id).toBe('U0ADMIN');
    expect(fake.callsBy('T0ONE').map((call) => [call.method, call.outcome])).toEqual([
      ['oauth.v2.access', 'ok'],
      ['auth.test', 'ok'],
    ]);
  });

  it('refuses a redirect from another browser (no state cookie), installing nothing', async () => {
    const result = await installThroughRedirect(baseUrl, fake, {
      teamId: 'T0GA',
      installerUserId: 'U0ADMIN',
      withoutStateCookie: true,
    });
    expect(result.status).toBe(400);
    expect(fake.tokensOf('T0GA')).toEqual([]);
  });

  it('rotates a token about to expire when Bolt authorizes, and the old one stops working', async () => {
    await installThroughRedirect(baseUrl, fake, { teamId: 'T0ROT', installerUserId: 'U0ADMIN' });
    const [first] = fake.tokensOf('T0ROT');
    const authorized = await receiver.installer!.authorize({
      teamId: 'T0ROT',
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    expect(authorized.botToken).not.toBe(first);
    expect(fake.tokensOf('T0ROT')).toEqual([authorized.botToken]);
    const stored = await store.fetchInstallation({
      teamId: 'T0ROT',
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    expect(stored.bot?.token).toBe(authorized.botToken);
    expect(stored.bot?.refreshToken).toBe(fake.refreshTokenOf('T0ROT'));
    const old = new WebClient(first, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    expect(await errorOf(old.auth.test())).toBe('token_revoked');
  });

  it('installs org-wide: Bolt stores an enterprise installation', async () => {
    const result = await installThroughRedirect(baseUrl, fake, {
      teamId: 'T0GA',
      installerUserId: 'W0ADMIN',
      orgWide: true,
    });
    expect(result.status).toBe(200);
    const stored = await store.fetchInstallation({
      teamId: undefined,
      enterpriseId: 'E0GRID',
      isEnterpriseInstall: true,
    });
    expect(stored).toMatchObject({
      isEnterpriseInstall: true,
      enterprise: { id: 'E0GRID', name: 'Grid Org' },
      enterpriseUrl: 'https://grid-org.enterprise.slack.com/',
      bot: { userId: 'W0GRIDBOT', id: 'B0GRIDBOT' },
    });
    expect(fake.tokensOf('T0GA')).toEqual([stored.bot!.token]);
  });
});
