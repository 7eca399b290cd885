import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { UserAddedNotice } from '../../src/features/users/user-notices.rules.ts';
import { enqueueNotice, type Destination, type Placement } from '../../src/core/outbox.ts';
import {
  DeliveryError,
  OutboxDispatcher,
  type DispatcherOptions,
  type NoticeTransport,
} from '../../src/core/outbox-dispatcher.ts';
import { SlackNoticeTransport } from '../../src/slack/notice-transport.ts';
import { singleWorkspaceTokens, type WorkspaceTokens } from '../../src/slack/workspace-tokens.ts';
import { createPrismaClient } from '../../src/db/client.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { DatabaseProxy } from '../support/database-proxy.ts';
import { captureLog, LEVEL } from '../support/log-lines.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { BOT_TOKEN } from '../support/harness.ts';
import { waitFor } from '../support/wait.ts';

let database: TestDatabase;
let slack: FakeSlack;
const dispatchers: OutboxDispatcher[] = [];
const log = captureLog('info');

beforeAll(async () => {
  database = await createTestDatabase();
  slack = await new FakeSlack(BOT_TOKEN).start();
});
afterAll(async () => {
  await slack.stop();
  await database.drop();
});
beforeEach(async () => {
  await database.db.outboxMessage.deleteMany();
  slack.reset();
  log.lines.length = 0;
});
afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((dispatcher) => dispatcher.stop()));
});

function notice(n: number): UserAddedNotice {
  return {
    type: 'user.added',
    audience: 'channel',
    user: { id: `u${n}`, fullName: `User ${n}`, email: `user${n}@example.com`, title: null },
    company: 'Acme',
    privileges: { active: true, admin: false, portalAccess: false },
    by: { fullName: 'Grace Hopper', slackUserId: 'U0GRACE' },
  };
}

/** A channel (or a DM) in a workspace; the deployment's own ('') unless named. */
const at = (channel: string, workspace = ''): Destination => ({ workspace, channel });
const toOf = (destination: string | Destination) => (typeof destination === 'string' ? at(destination) : destination);

async function enqueueKeyed(destination: string | Destination, n: number, placement: Placement) {
  await database.db.$transaction((tx) => enqueueNotice(tx, toOf(destination), notice(n), placement));
}

async function enqueue(destination: string | Destination, ...numbers: number[]) {
  for (const n of numbers) {
    await database.db.$transaction((tx) => enqueueNotice(tx, toOf(destination), notice(n)));
  }
}

/** Starts a dispatcher over the real Slack transport; `sends` counts what this one sent. */
function startDispatcher(
  options: Partial<DispatcherOptions> = {},
  db = database.db,
  tokens: WorkspaceTokens = singleWorkspaceTokens(BOT_TOKEN),
) {
  const slackTransport = new SlackNoticeTransport(tokens, slack.apiUrl, { logger: log.logger });
  const counted = { sends: 0 };
  const transport: NoticeTransport = {
    send: async (destination, message, delivery) => {
      const sent = await slackTransport.send(destination, message, delivery);
      counted.sends += 1;
      return sent;
    },
  };
  run(transport, options, db);
  return counted;
}

/** A started dispatcher with short waits, stopped after each test. */
function run(transport: NoticeTransport, options: Partial<DispatcherOptions> = {}, db = database.db) {
  const dispatcher = new OutboxDispatcher(db, transport, log.logger, {
    idleMs: 10,
    perDestinationIntervalMs: 0,
    backoffMs: () => 50,
    ...options,
  });
  dispatchers.push(dispatcher);
  dispatcher.start();
  return dispatcher;
}

const postedTexts = (channel: string) => slack.messagesIn(channel).map((message) => message.text as string);
const statuses = async () =>
  (await database.db.outboxMessage.findMany({ orderBy: { id: 'asc' } })).map((row) => row.status);

describe('outbox dispatcher', () => {
  it('sends notices in order per channel', async () => {
    await enqueue('C1', 1, 2, 3);
    await enqueue('C2', 4, 5);
    startDispatcher();
    await waitFor(async () => (await statuses()).every((status) => status === 'sent'));
    expect(postedTexts('C1').map((text) => text.slice(0, 6))).toEqual(['User 1', 'User 2', 'User 3']);
    expect(postedTexts('C2').map((text) => text.slice(0, 6))).toEqual(['User 4', 'User 5']);
  });

  it('keeps to one message per second per channel', async () => {
    await enqueue('C1', 1, 2, 3);
    startDispatcher({ perDestinationIntervalMs: 1_000 });
    await waitFor(async () => (await statuses()).every((status) => status === 'sent'), { timeoutMs: 10_000 });
    const times = slack.callsTo('chat.postMessage').map((call) => call.at);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(950);
  });

  it('waits as long as a 429 Retry-After says, then sends, keeping the order', async () => {
    await enqueue('C1', 1, 2);
    slack.failNext('chat.postMessage', { kind: 'rateLimited', retryAfterSeconds: 1 });
    startDispatcher();
    await waitFor(async () => (await statuses()).every((status) => status === 'sent'), { timeoutMs: 10_000 });
    const calls = slack.callsTo('chat.postMessage');
    expect(calls).toHaveLength(3);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(950);
    expect(postedTexts('C1').map((text) => text.slice(0, 6))).toEqual(['User 1', 'User 2']);
  });

  it('retries after a 500 and after a network-level failure, then succeeds', async () => {
    await enqueue('C1', 1);
    slack.failNext('chat.postMessage', { kind: 'serverError', status: 500 }, { kind: 'disconnect' });
    startDispatcher();
    await waitFor(async () => (await statuses())[0] === 'sent');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(3);
    expect(postedTexts('C1')).toHaveLength(1);
    const [row] = await database.db.outboxMessage.findMany();
    expect(row!.attempts).toBe(3);
  });

  it('gives up on a permanent error, records it, and goes on with the next notice', async () => {
    await enqueue('C1', 1, 2);
    slack.failNext('chat.postMessage', { kind: 'platformError', error: 'channel_not_found' });
    const given: string[] = [];
    startDispatcher({ onGiveUp: ({ error }) => given.push(error) });
    await waitFor(async () => (await statuses())[1] === 'sent');
    const rows = await database.db.outboxMessage.findMany({ orderBy: { id: 'asc' } });
    expect(rows[0]).toMatchObject({ status: 'failed', lastError: 'Slack said channel_not_found' });
    expect(given).toEqual(['Slack said channel_not_found']);
    expect(log.lines.filter((line) => line.level >= LEVEL.warn)).toEqual([
      expect.objectContaining({
        level: LEVEL.warn,
        worker: 'outbox',
        msg: 'outbox: gave up on a notice',
        destination: 'C1',
        error: 'Slack said channel_not_found',
      }),
    ]);
  });

  it('with the database out of reach: one line (no stack), not one per round; then says it answers again', async () => {
    const proxy = await new DatabaseProxy().open();
    const db = createPrismaClient(proxy.url(database.name), 2);
    try {
      await enqueue('C1', 1);
      startDispatcher({}, db);
      await waitFor(async () => (await statuses())[0] === 'sent');
      await proxy.close();
      await new Promise((resolve) => setTimeout(resolve, 500)); // some fifty rounds, every 10 ms
      const failing = log.lines.filter((line) => line.level >= LEVEL.warn);
      expect(failing).toHaveLength(1);
      expect(failing[0]).toMatchObject({ level: LEVEL.error, msg: 'outbox: cannot read the outbox, will keep trying' });
      expect(failing[0]!.err.message).toMatch(
        /Can't reach database server|Connection terminated|closed the connection/,
      );
      expect(failing[0]!.err.stack).toBeUndefined();
      await proxy.open();
      await enqueue('C1', 2);
      await waitFor(async () => (await statuses())[1] === 'sent');
      await waitFor(() => log.lines.some((line) => line.msg === 'outbox: the database answers again; sending resumes'));
    } finally {
      await Promise.all(dispatchers.splice(0).map((dispatcher) => dispatcher.stop()));
      await db.$disconnect();
      await proxy.close();
    }
  });

  it('loses nothing when the app stops before sending: a restarted dispatcher sends it', async () => {
    await enqueue('C1', 1, 2);
    // No dispatcher ran (the process died right after the commit): the rows wait.
    expect(await statuses()).toEqual(['pending', 'pending']);
    startDispatcher();
    await waitFor(async () => (await statuses()).every((status) => status === 'sent'));
    expect(postedTexts('C1')).toHaveLength(2);
  });

  it('takes over a notice whose dispatcher died while holding it, once its lease has passed', async () => {
    await enqueue('C1', 1);
    await database.db.outboxMessage.updateMany({
      data: { leasedUntil: new Date(Date.now() + 300), attempts: 1 },
    });
    startDispatcher();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
    await waitFor(async () => (await statuses())[0] === 'sent');
    expect(postedTexts('C1')).toHaveLength(1);
  });

  it('sends each notice exactly once with two dispatchers on one database', async () => {
    const channels = ['C1', 'C2', 'C3', 'C4'];
    let n = 0;
    for (let round = 0; round < 10; round++) {
      for (const channel of channels) await enqueue(channel, ++n);
    }
    slack.failNext('chat.postMessage', { kind: 'slow', delayMs: 30 }, { kind: 'slow', delayMs: 30 });
    const first = startDispatcher({ batchSize: 2 });
    const second = startDispatcher({ batchSize: 2 });
    await waitFor(async () => (await statuses()).every((status) => status === 'sent'), { timeoutMs: 15_000 });
    const sentTexts = slack.callsTo('chat.postMessage').map((call) => call.args.text as string);
    expect(sentTexts).toHaveLength(40);
    expect(new Set(sentTexts).size).toBe(40);
    expect(first.sends + second.sends).toBe(40);
    expect(Math.min(first.sends, second.sends)).toBeGreaterThan(0);
    for (const channel of channels) {
      const numbers = postedTexts(channel).map((text) => Number(/User (\d+)/.exec(text)![1]));
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    }
  });

  it('revises a keyed message in place and replies in its thread, in order', async () => {
    await enqueueKeyed('C1', 1, { key: 'request:1' });
    await enqueueKeyed('C1', 2, { followsUp: 'request:1' });
    await enqueueKeyed('C1', 3, { revises: 'request:1' });
    startDispatcher();
    await waitFor(async () => (await statuses()).every((status) => status === 'sent'));
    const [original, reply] = slack.messagesIn('C1');
    expect(original!.text.slice(0, 6)).toBe('User 3');
    expect(original!.edited).toBe(true);
    expect(reply!.thread_ts).toBe(original!.ts);
    expect(slack.callsTo('chat.update')).toHaveLength(1);
  });

  it('gives up on revising a message that was never sent', async () => {
    await enqueueKeyed('C1', 1, { revises: 'request:nowhere' });
    startDispatcher();
    await waitFor(async () => (await statuses())[0] === 'failed');
    const [row] = await database.db.outboxMessage.findMany();
    expect(row!.lastError).toContain('never sent');
  });
});

describe('a burst for one channel goes as digests', () => {
  /** A dispatcher over the Slack transport as the app runs it (digests on). */
  function startDigesting(options: Partial<DispatcherOptions> = {}) {
    const dispatcher = new OutboxDispatcher(
      database.db,
      new SlackNoticeTransport(singleWorkspaceTokens(BOT_TOKEN), slack.apiUrl, { logger: log.logger }),
      log.logger,
      { idleMs: 10, perDestinationIntervalMs: 0, backoffMs: () => 50, ...options },
    );
    dispatchers.push(dispatcher);
    dispatcher.start();
  }
  /** The user numbers each message in the channel announces, message by message. */
  const announced = (channel: string) =>
    slack
      .messagesIn(channel)
      .map((message) => [...JSON.stringify(message.blocks).matchAll(/User (\d+)/g)].map((match) => Number(match[1])));

  it('announces 100 changes in a few messages, each change once and in order, within Slack’s limits', async () => {
    await database.db.$transaction(async (tx) => {
      for (let n = 1; n <= 100; n++) await enqueueNotice(tx, at('C1'), notice(n));
    });
    startDigesting({ perDestinationIntervalMs: 1_000 });
    await waitFor(async () => (await statuses()).every((status) => status === 'sent'), { timeoutMs: 15_000 });
    const messages = announced('C1');
    expect(messages.flat()).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(messages.length).toBeLessThanOrEqual(5);
    expect(slack.messagesIn('C1')[0]!.text).toMatch(/^\*\d+ changes\*, oldest first:\nUser 1 /);
  });

  it('sends a lone notice as itself, not as a digest of one', async () => {
    await enqueue('C1', 1);
    startDigesting();
    await waitFor(async () => (await statuses()).every((status) => status === 'sent'));
    expect(slack.messagesIn('C1').map((message) => message.text.slice(0, 6))).toEqual(['User 1']);
  });

  it('keeps a keyed notice (revised later) out of digests, and the order around it', async () => {
    await database.db.$transaction(async (tx) => {
      for (const n of [1, 2]) await enqueueNotice(tx, at('C1'), notice(n));
      await enqueueNotice(tx, at('C1'), notice(3), { key: 'request:3' });
      for (const n of [4, 5]) await enqueueNotice(tx, at('C1'), notice(n));
      await enqueueNotice(tx, at('C1'), notice(6), { revises: 'request:3' });
    });
    startDigesting();
    await waitFor(async () => (await statuses()).every((status) => status === 'sent'));
    expect(announced('C1')).toEqual([[1, 2], [6], [4, 5]]);
    expect(slack.callsTo('chat.update')).toHaveLength(1);
  });

  it('retries a digest Slack rate-limited, sending each change once', async () => {
    await database.db.$transaction(async (tx) => {
      for (let n = 1; n <= 10; n++) await enqueueNotice(tx, at('C1'), notice(n));
    });
    slack.failNext('chat.postMessage', { kind: 'rateLimited', retryAfterSeconds: 1 });
    startDigesting();
    await waitFor(async () => (await statuses()).every((status) => status === 'sent'), { timeoutMs: 10_000 });
    expect(announced('C1').flat()).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });
});

describe('workspaces: each has its own queues and token', () => {
  /** Tokens by workspace, changeable during a test; counts how often each workspace was asked. */
  function tokensOf(initial: Record<string, string | undefined>) {
    const table = { ...initial };
    const asked = new Map<string, number>();
    const tokens: WorkspaceTokens = {
      botToken: async (workspace) => {
        asked.set(workspace, (asked.get(workspace) ?? 0) + 1);
        return table[workspace];
      },
    };
    return { tokens, table, asked };
  }

  /** The Slack transport as the app runs it (digests, hasToken), over these tokens; `sent` in send order. */
  function startOver(tokens: WorkspaceTokens, options: Partial<DispatcherOptions> = {}) {
    const slackTransport = new SlackNoticeTransport(tokens, slack.apiUrl, { logger: log.logger });
    const sent: { workspace: string; channel: string; n: number }[] = [];
    const transport: NoticeTransport = {
      send: async (to, message, delivery) => {
        const result = await slackTransport.send(to, message, delivery);
        sent.push({ ...to, n: Number(/\d+/.exec((message as UserAddedNotice).user.id)![0]) });
        return result;
      },
      hasToken: (workspace) => slackTransport.hasToken(workspace),
    };
    const dispatcher = run(transport, options);
    return { sent, dispatcher, transport };
  }

  const rows = () => database.db.outboxMessage.findMany({ orderBy: { id: 'asc' } });
  const heldLines = () =>
    log.lines.filter((line) => line.msg?.startsWith('outbox: the workspace has no working Slack token'));

  it('keeps the order of one channel id in two workspaces apart: one waiting does not hold up the other', async () => {
    await enqueue(at('C1', 'TA'), 1);
    await enqueue(at('C1', 'TB'), 2);
    await enqueue(at('C1', 'TA'), 3);
    await enqueue(at('C1', 'TB'), 4, 5);
    const slackTransport = new SlackNoticeTransport(tokensOf({ TA: BOT_TOKEN, TB: BOT_TOKEN }).tokens, slack.apiUrl);
    // TA's first notice is asked to wait (as a 429 would); TB's go meanwhile, each queue in order.
    let waited = false;
    const order: string[] = [];
    const dispatcher = new OutboxDispatcher(
      database.db,
      {
        send: async (to, message, delivery) => {
          const n = Number(/\d+/.exec((message as UserAddedNotice).user.id)![0]);
          if (to.workspace === 'TA' && n === 1 && !waited) {
            waited = true;
            throw new DeliveryError('rate limited by Slack', true, 500);
          }
          const result = await slackTransport.send(to, message, delivery);
          order.push(`${to.workspace}:${n}`);
          return result;
        },
      },
      log.logger,
      { idleMs: 10, perDestinationIntervalMs: 0, backoffMs: () => 50 },
    );
    dispatchers.push(dispatcher);
    dispatcher.start();
    await waitFor(async () => (await statuses()).every((status) => status === 'sent'), { timeoutMs: 5_000 });
    expect(order.filter((line) => line.startsWith('TA'))).toEqual(['TA:1', 'TA:3']);
    expect(order.filter((line) => line.startsWith('TB'))).toEqual(['TB:2', 'TB:4', 'TB:5']);
    expect(order.indexOf('TB:5')).toBeLessThan(order.indexOf('TA:1'));
  });

  it('revises and follows up the keyed message of the same workspace, when two workspaces hold the key', async () => {
    for (const workspace of ['TA', 'TB']) await enqueueKeyed(at('C1', workspace), 1, { key: 'request:1' });
    for (const workspace of ['TA', 'TB']) {
      await enqueueKeyed(at('C1', workspace), 2, { followsUp: 'request:1' });
      await enqueueKeyed(at('C1', workspace), 3, { revises: 'request:1' });
    }
    startOver(tokensOf({ TA: BOT_TOKEN, TB: BOT_TOKEN }).tokens);
    await waitFor(async () => (await statuses()).every((status) => status === 'sent'));
    // Each workspace's message is edited once, and each reply is in its own workspace's thread.
    const [first, second, ...replies] = slack
      .messagesIn('C1')
      .sort((a, b) => (a.thread_ts ? 1 : 0) - (b.thread_ts ? 1 : 0));
    expect([first!.text.slice(0, 6), second!.text.slice(0, 6)]).toEqual(['User 3', 'User 3']);
    expect(first!.edited && second!.edited).toBe(true);
    expect(replies.map((reply) => reply.thread_ts).sort()).toEqual([first!.ts, second!.ts].sort());
    const updates = slack.callsTo('chat.update').map((call) => call.args.ts);
    expect(new Set(updates).size).toBe(2);
  });

  it('holds the notices of a workspace without a token — not an attempt, not failed, logged once — and sends the others', async () => {
    await enqueue(at('C1', 'TB'), 1, 2);
    await enqueue(at('U0ADA', 'TB'), 3);
    await enqueue(at('C1', 'TA'), 4);
    const { tokens, asked } = tokensOf({ TA: BOT_TOKEN, TB: undefined });
    const { sent } = startOver(tokens);
    await waitFor(async () => (await statuses()).every((status) => status !== 'pending'));
    await new Promise((resolve) => setTimeout(resolve, 50)); // the hold's own look-up done
    const askedWhenHeld = asked.get('TB');
    await new Promise((resolve) => setTimeout(resolve, 300)); // some thirty rounds
    const all = await rows();
    expect(all.map((row) => [row.workspace, row.status, row.attempts])).toEqual([
      ['TB', 'held', 0],
      ['TB', 'held', 0],
      ['TB', 'held', 0],
      ['TA', 'sent', 1],
    ]);
    expect(all[0]!.lastError).toBe('the app is not installed in the workspace');
    expect(sent.map((one) => one.n)).toEqual([4]);
    // Held rows are never claimed again: TB is not asked for its token after they were held.
    expect(asked.get('TB')).toBe(askedWhenHeld);
    expect(heldLines()).toHaveLength(1);
    expect(heldLines()[0]).toMatchObject({ level: LEVEL.info, workspace: 'TB', worker: 'outbox' });
    expect(log.lines.filter((line) => line.level >= LEVEL.warn)).toEqual([]);
    expect(JSON.stringify(log.lines)).not.toContain(BOT_TOKEN);
  });

  it('holds a workspace’s notices when Slack says its token is gone (token_revoked, invalid_auth), not failing them', async () => {
    await enqueue(at('C1', 'TA'), 1, 2);
    slack.failNext('chat.postMessage', { kind: 'platformError', error: 'token_revoked' });
    const { tokens } = tokensOf({ TA: BOT_TOKEN, TB: 'xoxb-not-a-token-slack-knows' });
    startOver(tokens);
    await waitFor(async () => (await rows()).every((row) => row.status === 'held'));
    // TB's token is not one Slack knows: invalid_auth.
    await enqueue(at('C2', 'TB'), 3);
    await waitFor(async () => (await rows()).every((row) => row.status === 'held'));
    const all = await rows();
    expect(all.map((row) => [row.workspace, row.status, row.attempts, row.lastError])).toEqual([
      ['TA', 'held', 0, 'Slack said token_revoked'],
      ['TA', 'held', 0, 'Slack said token_revoked'],
      ['TB', 'held', 0, 'Slack said invalid_auth'],
    ]);
    expect(slack.messagesIn('C1')).toEqual([]);
    expect(JSON.stringify(log.lines)).not.toContain('xoxb-not-a-token');
  });

  it('sends held notices, in order, once the workspace is installed again and they are released', async () => {
    await enqueueKeyed(at('C1', 'TB'), 1, { key: 'request:1' });
    await enqueue(at('C1', 'TB'), 2);
    await enqueueKeyed(at('C1', 'TB'), 3, { revises: 'request:1' });
    const { tokens, table } = tokensOf({ TB: undefined });
    const { sent } = startOver(tokens);
    await waitFor(async () => (await statuses()).every((status) => status === 'held'));
    // A re-install: the workspace has a token again, and the installation releases its notices.
    table.TB = BOT_TOKEN;
    await database.db.$executeRaw`
      UPDATE outbox_message SET status = 'pending', next_attempt_at = now()
      WHERE status = 'held' AND workspace = ANY(${['TB']})`;
    await waitFor(async () => (await statuses()).every((status) => status === 'sent'));
    expect(sent.map((one) => one.n)).toEqual([1, 2, 3]);
    expect(slack.messagesIn('C1').map((message) => message.text.slice(0, 6))).toEqual(['User 3', 'User 2']);
  });

  it('a revision written while its keyed message is held waits with it (held, not failed), then both go in order', async () => {
    await enqueueKeyed(at('C1', 'TB'), 1, { key: 'request:1' });
    const { tokens, table } = tokensOf({ TB: undefined });
    const { sent } = startOver(tokens);
    await waitFor(async () => (await statuses()).every((status) => status === 'held'));
    // The request is decided meanwhile: its revision is queued behind a held message.
    await enqueueKeyed(at('C1', 'TB'), 2, { revises: 'request:1' });
    await waitFor(async () => (await statuses()).every((status) => status === 'held'));
    expect((await rows()).map((row) => row.attempts)).toEqual([0, 0]);
    table.TB = BOT_TOKEN;
    await database.db.$executeRaw`
      UPDATE outbox_message SET status = 'pending', next_attempt_at = now() WHERE status = 'held'`;
    await waitFor(async () => (await statuses()).every((status) => status === 'sent'));
    expect(sent.map((one) => one.n)).toEqual([1, 2]);
    expect(slack.messagesIn('C1').map((message) => [message.text.slice(0, 6), message.edited])).toEqual([
      ['User 2', true],
    ]);
  });

  it('a hold that crosses a re-install releases at once: the workspace has a token now', async () => {
    await enqueue(at('C1', 'TB'), 1);
    let installed = false;
    const { sent } = startOver({
      // The install commits between the dispatcher's look-up (none yet) and its hold.
      botToken: async () => {
        const token = installed ? BOT_TOKEN : undefined;
        installed = true;
        return token;
      },
    });
    await waitFor(async () => (await statuses()).every((status) => status === 'sent'));
    expect(sent.map((one) => one.n)).toEqual([1]);
  });

  it('a starting dispatcher releases the held notices of workspaces that have a token now (a new SLACK_BOT_TOKEN)', async () => {
    await enqueue(at('C1', ''), 1);
    await enqueue(at('C2', 'TB'), 2);
    await database.db.outboxMessage.updateMany({ data: { status: 'held', lastError: 'Slack said token_revoked' } });
    const { sent } = startOver(tokensOf({ '': BOT_TOKEN, TB: undefined }).tokens);
    await waitFor(async () => (await statuses())[0] === 'sent');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await statuses()).toEqual(['sent', 'held']);
    expect(sent.map((one) => one.n)).toEqual([1]);
  });

  it('holds a digest’s notices together when the workspace has no token', async () => {
    await database.db.$transaction(async (tx) => {
      for (let n = 1; n <= 5; n++) await enqueueNotice(tx, at('C1', 'TB'), notice(n));
    });
    const dispatcher = new OutboxDispatcher(
      database.db,
      new SlackNoticeTransport(tokensOf({}).tokens, slack.apiUrl, { logger: log.logger }),
      log.logger,
      { idleMs: 10, perDestinationIntervalMs: 0 },
    );
    dispatchers.push(dispatcher);
    dispatcher.start();
    await waitFor(async () => (await statuses()).every((status) => status === 'held'));
    expect((await rows()).map((row) => row.attempts)).toEqual([0, 0, 0, 0, 0]);
    expect(heldLines()).toEqual([expect.objectContaining({ workspace: 'TB', notices: 5 })]);
  });
});
