import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/db/free-port.ts';
import { FakeSlack } from './support/fake-slack.ts';
import { BOT_TOKEN, SIGNING_SECRET } from './support/harness.ts';
import { compileApp, run, stopWithCtrlC } from './support/processes.ts';
import { waitFor } from './support/wait.ts';

// What an operator sees when `npm start` can't start: one line saying what to do, exit code 1, no
// stack trace, nothing left running, no secret left in a file others can read.

const root = path.resolve(import.meta.dirname, '..');
const asRoot = process.getuid?.() === 0;

async function failedStart(env: Record<string, string>, cwd?: string) {
  const start = run('npm', ['start', '--silent'], env, cwd);
  const code = await start.exited;
  const output = start.output();
  expect(output).not.toMatch(/^\s+at /m);
  expect(output).not.toContain('listening');
  return { code, output };
}

function listenOn(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

const passwordFilesInTmp = async () => (await readdir(tmpdir())).filter((name) => name.startsWith('pg-password-'));

describe('start-up failures', { timeout: 60_000 }, () => {
  let slack: FakeSlack;
  let scratch: string;
  let env: Record<string, string>;

  beforeAll(compileApp, 180_000);
  beforeAll(async () => {
    slack = await new FakeSlack(BOT_TOKEN).start();
    scratch = await mkdtemp(path.join(tmpdir(), 'switchboard-startup-'));
    await chmod(scratch, 0o755);
    env = {
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      NOTIFY_CHANNEL: 'C0NOTIFY',
      PORT: String(await freePort()),
      DATA_DIR: path.join(scratch, 'data'),
      EMBEDDED_DB_PORT: String(await freePort()),
    };
  });
  afterAll(async () => {
    await slack.stop();
    await rm(scratch, { recursive: true, force: true });
  });

  it('a bot token Slack does not know: says so and where to find the right one, before starting anything', async () => {
    const { code, output } = await failedStart({ ...env, SLACK_BOT_TOKEN: 'xoxb-not-the-token' });
    expect(code).toBe(1);
    expect(output).toContain('Slack refused SLACK_BOT_TOKEN (invalid_auth)');
    expect(output).toContain('Bot User OAuth Token');
    expect(output).not.toContain('xoxb-not-the-token');
  });

  it('a revoked bot token: says the app must be reinstalled', async () => {
    slack.failNext('auth.test', { kind: 'platformError', error: 'token_revoked' });
    const { code, output } = await failedStart(env);
    expect(code).toBe(1);
    expect(output).toContain('SLACK_BOT_TOKEN is no longer valid (token_revoked)');
    expect(output).toContain('Reinstall the app');
  });

  it('Slack unreachable: names the address and the network error', async () => {
    const closed = await freePort();
    const { code, output } = await failedStart({ ...env, SLACK_API_URL: `http://127.0.0.1:${closed}/api/` });
    expect(code).toBe(1);
    expect(output).toContain(`Slack can't be reached at http://127.0.0.1:${closed}/api/ (ECONNREFUSED)`);
  });

  it('Socket Mode with an app token Slack does not know: says where to find the right one', async () => {
    const { code, output } = await failedStart({ ...env, SLACK_APP_TOKEN: 'xapp-not-the-token' });
    expect(code).toBe(1);
    expect(output).toContain('Slack refused SLACK_APP_TOKEN (invalid_auth)');
    expect(output).toContain('connections:write');
    expect(output).not.toContain('xapp-not-the-token');
  });

  it('the embedded database port held by another program (another Switchboard): says which setting to change', async () => {
    const holder = await listenOn(Number(env.EMBEDDED_DB_PORT));
    try {
      const { code, output } = await failedStart({ ...env, DATA_DIR: path.join(scratch, 'other') });
      expect(code).toBe(1);
      expect(output).toContain(`The embedded PostgreSQL can't use port ${env.EMBEDDED_DB_PORT}`);
      expect(output).toContain('EMBEDDED_DB_PORT');
    } finally {
      holder.close();
    }
  });

  it('the HTTP port held by another program: says so, and stops the database it started', async () => {
    const holder = await listenOn(Number(env.PORT));
    try {
      const { code, output } = await failedStart(env);
      expect(code).toBe(1);
      expect(output).toContain(`Port ${env.PORT} is in use by another program`);
      await waitFor(async () => !(await portAnswers(Number(env.EMBEDDED_DB_PORT))), { what: 'the database to stop' });
    } finally {
      holder.close();
    }
  });

  it.skipIf(!asRoot)(
    'a data folder inside a folder the postgres user cannot enter: says which, and what to set',
    async () => {
      const closed = await mkdtemp(path.join(tmpdir(), 'switchboard-closed-'));
      try {
        const { code, output } = await failedStart({ ...env, DATA_DIR: path.join(closed, 'data') });
        expect(code).toBe(1);
        expect(output).toContain(`cannot enter ${closed}`);
        expect(output).toContain('Set DATA_DIR');
      } finally {
        await rm(closed, { recursive: true, force: true });
      }
    },
  );

  it.skipIf(!asRoot)(
    'a clone in a folder only root can enter, DATA_DIR elsewhere: starts, and leaves no readable password file',
    async () => {
      // The clone: the project's files in a root-only folder, node_modules hard-linked (same
      // files, reached through the closed folder — as the postgres user would have to).
      const closed = await mkdtemp(path.join(tmpdir(), 'switchboard-rootonly-'));
      const clone = path.join(closed, 'switchboard');
      await mkdir(clone);
      for (const entry of [
        'src',
        'dist',
        'prisma',
        'bin',
        'scripts',
        'package.json',
        'tsconfig.json',
        'prisma.config.ts',
      ]) {
        execFileSync('cp', ['-a', path.join(root, entry), clone]);
      }
      execFileSync('cp', ['-al', path.join(root, 'node_modules'), clone]);
      const dataDir = path.join(scratch, 'elsewhere');
      const before = await passwordFilesInTmp();
      const app = run('npm', ['start', '--silent'], { ...env, DATA_DIR: dataDir }, clone);
      try {
        await waitFor(() => app.output().includes('Switchboard is listening') || app.child.exitCode !== null, {
          timeoutMs: 90_000,
          what: 'the app to start',
        });
        expect(app.output(), app.output()).toContain('Switchboard is listening');
        expect((await fetch(`http://127.0.0.1:${env.PORT}/healthz`)).status).toBe(200);
        expect(await passwordFilesInTmp()).toEqual(before);
        expect((await readdir(dataDir)).filter((name) => name.includes('password'))).toEqual(['postgres-password']);
        expect((await stat(path.join(dataDir, 'postgres-password'))).mode & 0o077).toBe(0);
        await stopWithCtrlC(app, Number(env.EMBEDDED_DB_PORT));
      } finally {
        if (app.child.exitCode === null) {
          try {
            app.interrupt();
          } catch {
            // already gone
          }
        }
        await app.exited;
        await rm(closed, { recursive: true, force: true });
      }
    },
    120_000,
  );
});

async function portAnswers(port: number): Promise<boolean> {
  try {
    const server = await listenOn(port);
    server.close();
    return false;
  } catch {
    return true;
  }
}
