import type { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../src/db/free-port.ts';
import { startSwitchboard, type Switchboard } from '../../src/server.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { seedOrganization, seedUser, tableCounts } from '../support/fixtures.ts';
import { BOT_TOKEN, TEAM_ID, testConfig } from '../support/harness.ts';
import { waitFor } from '../support/wait.ts';

// In Socket Mode the same guard sits on the connection (src/slack/receiver.ts): a message that
// isn't a well-formed envelope carrying a well-formed request is logged and dropped (acknowledged
// when it has an envelope id), and the connection and the process go on. Without it, the Socket
// Mode client throws on `null`, an events_api envelope without its event, or a type like `error`,
// and the process exits on the unhandled rejection.

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
  await waitFor(() => slack.socketConnected, { what: 'the Socket Mode connection' });
});
afterAll(async () => {
  await switchboard.stop();
  await slack.stop();
  await database.drop();
});

/** The fake's end of the connection: to send what Slack never would, and to see what comes back. */
const socket = () => (slack as unknown as { socket: WebSocket }).socket;

/** A /adduser command; `live`: with a trigger and response_url the fake Slack issued. */
const command = (text: string, live = true) => ({
  token: 'legacy',
  team_id: TEAM_ID,
  channel_id: 'C0COMMANDS',
  user_id: 'U0SOCKET',
  user_name: 'grace',
  command: '/adduser',
  text,
  api_app_id: 'A0SWITCHBOARD',
  response_url: live ? slack.responseUrl() : 'http://127.0.0.1:9/unused',
  trigger_id: live ? slack.issueTrigger() : '1.2.unused',
});

/** Sends a raw message; resolves with the acks the app sent back meanwhile (by envelope id). */
async function sendRaw(message: string): Promise<string[]> {
  const acked: string[] = [];
  const listen = (data: unknown) => {
    const ack = JSON.parse(String(data)) as { envelope_id?: string };
    if (ack.envelope_id) acked.push(ack.envelope_id);
  };
  socket().on('message', listen);
  socket().send(message);
  await new Promise((resolve) => setTimeout(resolve, 150));
  socket().off('message', listen);
  return acked;
}

const envelope = (type: string, payload: unknown, id = `env-${type}`) =>
  JSON.stringify({ envelope_id: id, type, payload, accepts_response_payload: true });

describe('malformed Socket Mode messages are logged and dropped; the app goes on', () => {
  const cases: [string, string, string | undefined][] = [
    ['null', 'null', undefined],
    ['an array', '[]', undefined],
    ['a number', '42', undefined],
    ['not JSON', '{not json', undefined],
    ['an object without a type', '{}', undefined],
    ['the type "error"', '{"type":"error","envelope_id":"e-error"}', undefined],
    ['the type "ws_message"', '{"type":"ws_message","envelope_id":"e-ws"}', undefined],
    ['the type "toString"', '{"type":"toString"}', undefined],
    [
      'a slash command without an envelope id',
      JSON.stringify({ type: 'slash_commands', payload: command('', false) }),
      undefined,
    ],
    ['events_api without its payload', JSON.stringify({ type: 'events_api', envelope_id: 'e-none' }), 'e-none'],
    [
      'events_api whose event is null',
      envelope('events_api', { type: 'event_callback', event: null }),
      'env-events_api',
    ],
    ['a slash command that is null', envelope('slash_commands', null), 'env-slash_commands'],
    [
      'a slash command without its user',
      envelope('slash_commands', { ...command('', false), user_id: 5 }),
      'env-slash_commands',
    ],
    [
      'an interaction whose view is a string',
      envelope('interactive', { type: 'view_submission', view: 'x' }),
      'env-interactive',
    ],
    [
      'an interaction of no kind',
      envelope('interactive', { type: 'nope', user: { id: 'U0SOCKET' } }),
      'env-interactive',
    ],
    ['a slash command in an events_api envelope', envelope('events_api', command('', false)), 'env-events_api'],
  ];

  it.each(cases)('%s', async (_name, message, ackedId) => {
    const warned = vi.spyOn(switchboard.app.logger, 'warn');
    const before = await tableCounts(database.db);
    const acked = await sendRaw(message);
    expect(warned).toHaveBeenCalledTimes(1);
    expect(String(warned.mock.calls[0]![0])).toMatch(/^Ignored a Socket Mode message: /);
    expect(acked).toEqual(ackedId ? [ackedId] : []);
    expect(slack.socketConnected).toBe(true);
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('the same connection still answers a slash command, and /healthz answers', async () => {
    const ack = await slack.sendEnvelope('slash_commands', command('not-an-email'));
    expect(ack.text).toContain('is not an email address');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });
});
