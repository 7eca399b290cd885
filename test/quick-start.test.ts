import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/db/free-port.ts';
import { FakeSlack } from './support/fake-slack.ts';
import { compileApp, run, stopWithCtrlC, type Run } from './support/processes.ts';
import { BOT_TOKEN, SIGNING_SECRET } from './support/harness.ts';
import { postSigned, slashCommandBody } from './support/slack-requests.ts';
import { waitFor } from './support/wait.ts';

// The README's quick start, run for real: `npm start` on the embedded database, the first admin
// bootstrapped from the CLI beside the running app, a signed /adduser, a restart that keeps data.

describe('quick start', () => {
  let dataDir: string;
  let slack: FakeSlack;
  let env: Record<string, string>;

  beforeAll(compileApp, 180_000);
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-quickstart-'));
    slack = await new FakeSlack(BOT_TOKEN).start();
    env = {
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      NOTIFY_CHANNEL: 'C0NOTIFY',
      PORT: String(await freePort()),
      DATA_DIR: dataDir,
      EMBEDDED_DB_PORT: String(await freePort()),
    };
  });
  const apps: Run[] = [];
  const startApp = (variables: Record<string, string>) => {
    const app = run('npm', ['start', '--silent'], variables);
    apps.push(app);
    return app;
  };

  // An app a failed assertion left running is stopped here, with its embedded PostgreSQL.
  afterAll(async () => {
    // A process ended by Ctrl-C has no exit code but a signal code: only those with neither still run.
    const running = apps.filter(({ child }) => child.exitCode === null && child.signalCode === null);
    for (const app of running) {
      app.interrupt();
      await app.exited;
    }
    await slack.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('without Slack settings, exits with one message naming each missing one, and no stack trace', async () => {
    const start = startApp({ DATA_DIR: dataDir });
    expect(await start.exited).toBe(1);
    const output = start.output();
    for (const name of ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'NOTIFY_CHANNEL', '.env.example']) {
      expect(output).toContain(name);
    }
    expect(output).not.toMatch(/^\s+at /m);
  });

  it('starts on the embedded database, bootstraps an admin beside it, serves /adduser, and keeps data across a restart', async () => {
    const app = startApp(env);
    await waitFor(() => app.output().includes('Switchboard is listening'), {
      timeoutMs: 60_000,
      what: 'the app to start',
    });
    expect(app.output()).toMatch(/applied [1-9]\d* migrations?\./);
    const health = await fetch(`http://127.0.0.1:${env.PORT}/healthz`);
    expect(health.status).toBe(200);

    const bootstrap = run(
      'node',
      [
        'bin/switchboard.js',
        'bootstrap',
        '--org',
        'Acme',
        '--email',
        'grace@acme.example',
        '--name',
        'Grace Hopper',
        '--slack-user',
        'U0GRACE',
      ],
      env,
    );
    expect(await bootstrap.exited).toBe(0);
    expect(bootstrap.output()).toContain('Created Acme with its first admin');

    const command = slashCommandBody({ userId: 'U0GRACE', teamId: 'T0QUICK' }, '/adduser', '', {
      triggerId: slack.issueTrigger(),
      responseUrl: slack.responseUrl(),
    });
    const ack = await postSigned(`http://127.0.0.1:${env.PORT}/slack/events`, SIGNING_SECRET, command);
    expect(ack.status).toBe(200);
    await waitFor(() => slack.callsTo('views.open').length === 1, { what: 'the modal to open' });

    await stopWithCtrlC(app, Number(env.EMBEDDED_DB_PORT));

    const again = startApp(env);
    await waitFor(() => again.output().includes('Switchboard is listening'), {
      timeoutMs: 60_000,
      what: 'the restart',
    });
    expect(again.output()).toContain('schema up to date');
    const second = run(
      'node',
      [
        'bin/switchboard.js',
        'bootstrap',
        '--org',
        'Other',
        '--email',
        'x@y.example',
        '--name',
        'X Y',
        '--slack-user',
        'U0OTHER',
      ],
      env,
    );
    expect(await second.exited).toBe(0);
    expect(second.output()).toContain('already bootstrapped: Acme (admins: grace@acme.example)');
    await stopWithCtrlC(again, Number(env.EMBEDDED_DB_PORT));
  }, 180_000);
});
