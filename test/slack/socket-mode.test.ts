import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../src/db/free-port.ts';
import { startSwitchboard, type Switchboard } from '../../src/server.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { seedOrganization, seedUser } from '../support/fixtures.ts';
import { BOT_TOKEN, TEAM_ID, testConfig } from '../support/harness.ts';
import { waitFor } from '../support/wait.ts';

// With SLACK_APP_TOKEN set, the app connects to Slack over Socket Mode instead of listening for
// HTTP requests; /healthz is still served on PORT.

let slack: FakeSlack;
let database: TestDatabase;
let switchboard: Switchboard;
let port: number;

beforeAll(async () => {
  slack = await new FakeSlack(BOT_TOKEN).start();
  database = await createTestDatabase();
  const org = await seedOrganization(database.db, 'Acme');
  await seedUser(database.db, org.id, { admin: true, slackUserId: 'U0SOCKET' });
  port = await freePort();
  const config = testConfig({ databaseUrl: database.url, port });
  config.slack = { ...config.slack, apiUrl: slack.apiUrl, appToken: slack.appToken };
  switchboard = await startSwitchboard(config, {
    botId: 'BBOT',
    botUserId: 'UBOT',
    webApiRetries: 0,
    timerIntervalMs: false,
  });
});
afterAll(async () => {
  await switchboard.stop();
  await slack.stop();
  await database.drop();
});

const command = (text: string, name = '/adduser') => ({
  token: 'legacy',
  team_id: TEAM_ID,
  channel_id: 'C0COMMANDS',
  user_id: 'U0SOCKET',
  user_name: 'grace',
  command: name,
  text,
  api_app_id: 'A0SWITCHBOARD',
  response_url: slack.responseUrl(),
  trigger_id: slack.issueTrigger(),
});

it('connects with the app token through apps.connections.open', async () => {
  await waitFor(() => slack.socketConnected, { what: 'the Socket Mode connection' });
  expect(slack.callsTo('apps.connections.open')).toHaveLength(1);
});

it('answers a slash command arriving over the socket', async () => {
  await waitFor(() => slack.socketConnected);
  await slack.sendEnvelope('slash_commands', command(''));
  const open = await waitFor(() => slack.callsTo('views.open')[0]);
  expect(open.args.view.callback_id).toBe('add_user');
});

it('acks a refusal with its message over the socket', async () => {
  const ack = await slack.sendEnvelope('slash_commands', command('not-an-email'));
  expect(ack.text).toContain('is not an email address');
});

it('still serves the health check on PORT', async () => {
  expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
});

it('is ready while the socket is connected, and not once Slack drops it', async () => {
  await waitFor(() => slack.socketConnected);
  const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
  expect([ready.status, await ready.json()]).toEqual([
    200,
    { status: 'ready', database: 'ok', slack: 'ok', socket: 'ok' },
  ]);
  const outage = slack.dropSocket();
  try {
    const answer = await waitFor(async () => {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      return response.status === 503 ? response.json() : undefined;
    });
    expect(answer).toMatchObject({ status: 'not ready', socket: 'the Socket Mode connection to Slack is not up' });
  } finally {
    outage.end();
  }
  // The client reconnects by itself once Slack is back.
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200, {
    what: 'ready again',
    timeoutMs: 20_000,
  });
}, 30_000);
