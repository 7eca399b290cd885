import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from './fake-slack.ts';
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
