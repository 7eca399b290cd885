import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './src/db/free-port.ts';
import { FakeSlack } from './test/support/fake-slack.ts';
const slack = await new FakeSlack('xoxb-bench').start();
const dataDir = process.env.KEEP_DIR ?? await mkdtemp(path.join(tmpdir(), 'sb-mem-'));
const env = { ...process.env, PORT: String(await freePort()), EMBEDDED_DB_PORT: String(await freePort()), DATA_DIR: dataDir, SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_API_URL: slack.apiUrl, NOTIFY_CHANNEL: 'C0', LOG_LEVEL: 'warn' };
const child = spawn(process.execPath, [...(process.env.FLAGS ?? '').split(' ').filter(Boolean), '--import', './zz-mem.mjs', 'dist/main.js'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
await new Promise((r) => setTimeout(r, 9000));
const rollup = await readFile(`/proc/${child.pid}/smaps_rollup`, 'utf8');
console.log(rollup.split('\n').filter((l) => /Rss|Anonymous|Pss_File|Shared|Private/.test(l)).join('\n'));
const smaps = await readFile(`/proc/${child.pid}/smaps`, 'utf8');
const regions = new Map<string, number>(); let cur = '';
for (const line of smaps.split('\n')) { const h = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line); if (h) { cur = h[1] || '[anon]'; continue; } const r = /^Rss:\s+(\d+)/.exec(line); if (r) regions.set(cur, (regions.get(cur) ?? 0) + Number(r[1])); }
for (const [k, v] of [...regions].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log((v / 1024).toFixed(1).padStart(7), 'MB', k);
child.kill('SIGINT'); await new Promise((r) => child.once('exit', r)); await slack.stop();
