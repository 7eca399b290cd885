// bench/ack: signed /adduser commands at 10 connections against Switchboard (actor and privileges
// read from PostgreSQL, companies in scope, ack, views.open to a fake Slack), and in the same run
// against two floors: a bare Bolt app that only acks, and one that acks and opens the same modal.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPrismaClient } from '../src/db/client.ts';
import { ensureDatabase, startEmbeddedPostgres } from '../src/db/embedded.ts';
import { freePort } from '../src/db/free-port.ts';
import { applyMigrations } from '../src/db/migrate.ts';
import { FakeSlack } from '../test/support/fake-slack.ts';
import { slackSignature, slashCommandBody } from '../test/support/slack-requests.ts';
import { load, startServer, type LoadResult } from './load.ts';

const SECRET = 'bench-signing-secret';
const TOKEN = 'xoxb-bench';
const ADMIN = { userId: 'U0BENCHADMIN', teamId: 'T0BENCH' };
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 10;
/** A steady load well below saturation: latency as people would see it. */
const STEADY_RATE = 150;
/** The app as `npm start` runs it (built by scripts/build.mjs first). */
const APP = 'dist/main.js';

interface Measured extends LoadResult {
  name: string;
  cpuMsPerRequest: number;
  modalsOpened: number;
}

function signedCommand(slack: FakeSlack) {
  const body = slashCommandBody(ADMIN, '/adduser', '', {
    triggerId: slack.issueTrigger(),
    responseUrl: slack.responseUrl(),
  });
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(SECRET, timestamp, body),
    },
  };
}

async function measure(
  name: string,
  script: string,
  env: Record<string, string>,
  slack: FakeSlack,
  rate?: number,
): Promise<Measured> {
  const server = await startServer(script, env);
  const url = `http://127.0.0.1:${server.port}/slack/events`;
  const nextRequest = () => signedCommand(slack);
  let result: LoadResult;
  let cpuMs: number;
  try {
    await load({ url, connections: CONNECTIONS, seconds: 2, nextRequest }); // warm-up
    slack.reset();
    const cpuBefore = server.cpuMs();
    result = await load({ url, connections: CONNECTIONS, seconds: SECONDS, nextRequest, rate });
    cpuMs = server.cpuMs() - cpuBefore;
  } finally {
    await server.stop();
  }
  const modalsOpened = slack.callsTo('views.open').filter((call) => call.outcome === 'ok').length;
  // The server's CPU during the measured seconds only (not its start-up or the warm-up).
  return { name, ...result, cpuMsPerRequest: cpuMs / result.requests, modalsOpened };
}

async function seed(databaseUrl: string) {
  const db = createPrismaClient(databaseUrl);
  const org = await db.organization.create({ data: { name: 'Bench Telecom' } });
  await db.organization.createMany({
    data: Array.from({ length: 20 }, (_, i) => ({ name: `Customer ${i}`, parentId: org.id })),
  });
  await db.user.create({
    data: {
      organizationId: org.id,
      email: 'admin@bench.example',
      firstName: 'Bench',
      lastName: 'Admin',
      admin: true,
      slackTeamId: ADMIN.teamId,
      slackUserId: ADMIN.userId,
    },
  });
  await db.$disconnect();
}

function report(rows: Measured[]) {
  const [floor, , app] = rows as [Measured, Measured, Measured];
  const cell = (value: string | number, width: number) => String(value).padStart(width);
  console.log(`\nbench/ack: ${CONNECTIONS} connections, ${SECONDS} s per target, signed /adduser commands`);
  console.log(
    `${'target'.padEnd(36)}${cell('req/s', 8)}${cell('p50 ms', 8)}${cell('p99 ms', 8)}${cell('cpu ms/req', 11)}${cell('modals', 8)}${cell('failed', 8)}`,
  );
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(36)}${cell(r.requestsPerSecond.toFixed(0), 8)}${cell(r.p50.toFixed(1), 8)}${cell(r.p99.toFixed(1), 8)}` +
        `${cell(r.cpuMsPerRequest.toFixed(2), 11)}${cell(r.modalsOpened, 8)}${cell(r.non2xx + r.errors, 8)}`,
    );
  }
  const modalFloor = rows[1]!;
  const ratio = app.requestsPerSecond / modalFloor.requestsPerSecond;
  console.log(`ratio to the ack-only floor: ${(app.requestsPerSecond / floor.requestsPerSecond).toFixed(2)}`);
  console.log(
    `ratio to the ack + views.open floor: ${ratio.toFixed(2)} (target ≥ 0.80: ${ratio >= 0.8 ? 'met' : 'missed'})`,
  );
  console.log(`Switchboard p99: ${app.p99.toFixed(1)} ms (target ≤ 50: ${app.p99 <= 50 ? 'met' : 'missed'})`);
  console.log(
    `Switchboard's own CPU a request: ${(app.cpuMsPerRequest - modalFloor.cpuMsPerRequest).toFixed(2)} ms beyond the floor's`,
  );
  console.log(`Switchboard p99 at a steady ${STEADY_RATE} req/s: ${rows[3]!.p99.toFixed(1)} ms`);
}

export async function benchAck(): Promise<void> {
  execFileSync(process.execPath, [path.join(import.meta.dirname, '../scripts/build.mjs')], { stdio: 'inherit' });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-bench-'));
  const postgres = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
  const slack = await new FakeSlack(TOKEN).start();
  try {
    await ensureDatabase(postgres.adminUrl, 'bench');
    const databaseUrl = postgres.urlFor('bench');
    await applyMigrations(databaseUrl);
    await seed(databaseUrl);
    const env = {
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_API_URL: slack.apiUrl,
      LOG_LEVEL: 'error',
    };
    const switchboardEnv = async () => ({
      ...env,
      DATABASE_URL: databaseUrl,
      NOTIFY_CHANNEL: 'C0BENCH',
      PORT: String(await freePort()),
    });
    const rows = [
      await measure('bare Bolt, ack only (floor)', 'servers/bare-bolt.ts', env, slack),
      await measure('bare Bolt, ack + views.open', 'servers/bolt-open-modal.ts', env, slack),
      await measure('Switchboard /adduser', APP, await switchboardEnv(), slack),
      await measure(`Switchboard at ${STEADY_RATE} req/s`, APP, await switchboardEnv(), slack, STEADY_RATE),
    ];
    report(rows);
  } finally {
    await slack.stop();
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
