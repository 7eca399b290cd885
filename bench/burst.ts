// bench/burst: 100 changes in one company committed at once (ten at a time), each in its own transaction with its
// notice for the company's channel; the outbox dispatcher as the app runs it (one message a second
// per channel, digests on) sends them to a fake Slack. Measured: from each commit to the moment its
// change is in a message Slack accepted, p50 and p99. The floor, in the same run: the same burst
// with one notice per message (digestSize 1), as the app sent them before digests (the figure to beat, not a floor: the goal is every change within 10 s).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '../src/core/logger.ts';
import { enqueueNotice } from '../src/core/outbox.ts';
import { OutboxDispatcher } from '../src/core/outbox-dispatcher.ts';
import { createPrismaClient, type Database } from '../src/db/client.ts';
import { ensureDatabase, startEmbeddedPostgres } from '../src/db/embedded.ts';
import { freePort } from '../src/db/free-port.ts';
import { applyMigrations } from '../src/db/migrate.ts';
import type { UserAddedNotice } from '../src/features/users/index.ts';
import { SlackNoticeTransport } from '../src/slack/notice-transport.ts';
import { singleWorkspaceTokens } from '../src/slack/workspace-tokens.ts';
import { FakeSlack } from '../test/support/fake-slack.ts';
import { percentiles } from './stats.ts';

const TOKEN = 'xoxb-bench';
const CHANGES = 100;
const CHANNEL = 'C0BURST';

function notice(n: number): UserAddedNotice {
  return {
    type: 'user.added',
    audience: 'channel',
    user: { id: `u${n}`, fullName: `Burst User ${n}`, email: `burst${n}@example.com`, title: 'Engineer' },
    company: 'Bench Telecom › Customer 1',
    privileges: { active: true, admin: false, portalAccess: false },
    by: { fullName: 'Bench Admin', email: 'admin@bench.example', slackUserId: 'U0BENCHADMIN' },
  };
}

interface Burst {
  p50: number;
  p99: number;
  last: number;
  messages: number;
}

async function burst(db: Database, slack: FakeSlack, digestSize: number): Promise<Burst> {
  await db.outboxMessage.deleteMany();
  slack.reset();
  const dispatcher = new OutboxDispatcher(
    db,
    new SlackNoticeTransport(singleWorkspaceTokens(TOKEN), slack.apiUrl, { logger: createLogger('error') }),
    createLogger('error'),
    { digestSize },
  );
  dispatcher.start();
  const committedAt = new Map<number, number>();
  try {
    // Ten admins at once (the pool's size), each committing changes back to back.
    let next = 1;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let n = next++; n <= CHANGES; n = next++) {
          await db.$transaction((tx) => enqueueNotice(tx, { workspace: '', channel: CHANNEL }, notice(n)));
          committedAt.set(n, Date.now());
        }
      }),
    );
    const seenAt = new Map<number, number>();
    while (seenAt.size < CHANGES) {
      for (const call of slack.callsTo('chat.postMessage')) {
        if (call.outcome !== 'ok') continue;
        for (const [, n] of JSON.stringify(call.args.blocks).matchAll(/Burst User (\d+)/g)) {
          if (!seenAt.has(Number(n))) seenAt.set(Number(n), call.at);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const latencies = [...seenAt].map(([n, at]) => at - committedAt.get(n)!);
    const messages = slack.callsTo('chat.postMessage').filter((call) => call.outcome === 'ok').length;
    return { ...percentiles(latencies), last: Math.max(...latencies), messages };
  } finally {
    await dispatcher.stop();
  }
}

export async function benchBurst(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-bench-burst-'));
  const postgres = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
  const slack = await new FakeSlack(TOKEN).start();
  try {
    await ensureDatabase(postgres.adminUrl, 'bench');
    const url = postgres.urlFor('bench');
    await applyMigrations(url);
    const db = createPrismaClient(url);
    const floor = await burst(db, slack, 1);
    const digests = await burst(db, slack, 25);
    await db.$disconnect();
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`.padStart(9);
    console.log(`\nbench/burst: ${CHANGES} changes committed at once for one channel; commit → in Slack`);
    console.log(`${'dispatcher'.padEnd(40)}${'p50'.padStart(9)}${'p99'.padStart(9)}${'last'.padStart(9)}  messages`);
    console.log(
      `${'one notice per message (before)'.padEnd(40)}${s(floor.p50)}${s(floor.p99)}${s(floor.last)}  ${floor.messages}`,
    );
    console.log(
      `${'digests (as the app runs)'.padEnd(40)}${s(digests.p50)}${s(digests.p99)}${s(digests.last)}  ${digests.messages}`,
    );
    console.log(
      `ratio of p99 to before: ${(digests.p99 / floor.p99).toFixed(2)}; every change within 10 s: ${digests.last <= 10_000 ? 'met' : 'missed'}`,
    );
  } finally {
    await slack.stop();
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
