import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { UserAddedNotice } from '../../src/features/users/user-notices.rules.ts';
import { enqueueNotice, type Placement } from '../../src/core/outbox.ts';
import { OutboxDispatcher, type DispatcherOptions, type NoticeTransport } from '../../src/core/outbox-dispatcher.ts';
import { SlackNoticeTransport } from '../../src/slack/notice-transport.ts';
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

async function enqueueKeyed(destination: string, n: number, placement: Placement) {
  await database.db.$transaction((tx) => enqueueNotice(tx, destination, notice(n), placement));
}

async function enqueue(destination: string, ...numbers: number[]) {
  for (const n of numbers) {
    await database.db.$transaction((tx) => enqueueNotice(tx, destination, notice(n)));
  }
}

/** Starts a dispatcher over the real Slack transport; `sends` counts what this one sent. */
function startDispatcher(options: Partial<DispatcherOptions> = {}, db = database.db) {
  const slackTransport = new SlackNoticeTransport(BOT_TOKEN, slack.apiUrl, { logger: log.logger });
  const counted = { sends: 0 };
  const transport: NoticeTransport = {
    send: async (destination, message, delivery) => {
      const sent = await slackTransport.send(destination, message, delivery);
      counted.sends += 1;
      return sent;
    },
  };
  const dispatcher = new OutboxDispatcher(db, transport, log.logger, {
    idleMs: 10,
    perDestinationIntervalMs: 0,
    backoffMs: () => 50,
    ...options,
  });
  dispatchers.push(dispatcher);
  dispatcher.start();
  return counted;
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
      new SlackNoticeTransport(BOT_TOKEN, slack.apiUrl, { logger: log.logger }),
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
      for (let n = 1; n <= 100; n++) await enqueueNotice(tx, 'C1', notice(n));
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
      for (const n of [1, 2]) await enqueueNotice(tx, 'C1', notice(n));
      await enqueueNotice(tx, 'C1', notice(3), { key: 'request:3' });
      for (const n of [4, 5]) await enqueueNotice(tx, 'C1', notice(n));
      await enqueueNotice(tx, 'C1', notice(6), { revises: 'request:3' });
    });
    startDigesting();
    await waitFor(async () => (await statuses()).every((status) => status === 'sent'));
    expect(announced('C1')).toEqual([[1, 2], [6], [4, 5]]);
    expect(slack.callsTo('chat.update')).toHaveLength(1);
  });

  it('retries a digest Slack rate-limited, sending each change once', async () => {
    await database.db.$transaction(async (tx) => {
      for (let n = 1; n <= 10; n++) await enqueueNotice(tx, 'C1', notice(n));
    });
    slack.failNext('chat.postMessage', { kind: 'rateLimited', retryAfterSeconds: 1 });
    startDigesting();
    await waitFor(async () => (await statuses()).every((status) => status === 'sent'), { timeoutMs: 10_000 });
    expect(announced('C1').flat()).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });
});
