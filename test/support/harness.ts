import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../src/config.ts';
import { freePort } from '../../src/db/free-port.ts';
import type { Database } from '../../src/db/client.ts';
import { startSwitchboard, type Switchboard } from '../../src/server.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { type AckKind, FakeSlack } from './fake-slack.ts';
import { waitFor } from './wait.ts';
import { captureLog, type LogLine } from './log-lines.ts';
import {
  blockActionPayload,
  blockSuggestionPayload,
  eventBody,
  type ActionPayload,
  type ClickPlace,
  interactionBody,
  postSigned,
  slashCommandBody,
  viewSubmissionPayload,
  type SignOptions,
  type SlackResponse,
  type SlackPerson,
  type StateValues,
} from './slack-requests.ts';

export const SIGNING_SECRET = 'test-signing-secret';
export const BOT_TOKEN = 'xoxb-test-bot-token';
export const TEAM_ID = 'T0TEST';
export const NOTIFY_CHANNEL = 'C0NOTIFY';
export const APPROVALS_CHANNEL = 'C0APPROVALS';
export const INVITES_CHANNEL = 'C0INVITES';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    slack: { signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, appToken: undefined, apiUrl: '' },
    port: 0,
    databaseUrl: undefined,
    dataDir: './data',
    embeddedDbPort: 0,
    notifyChannel: NOTIFY_CHANNEL,
    defaultPhoneRegion: 'US',
    approvals: { channel: APPROVALS_CHANNEL, required: 1, ttlMinutes: 72 * 60 },
    invitations: { channel: INVITES_CHANNEL, ttlMinutes: 14 * 24 * 60 },
    deviceFeeCents: 495,
    mail: { smtpUrl: undefined, from: 'Switchboard <switchboard@test.invalid>', dropDir: '', publicUrl: '' },
    logLevel: 'error',
    ...overrides,
  };
}

/** The real app (Bolt's HTTP receiver, real PostgreSQL) talking to a fake Slack Web API. */
export interface TestApp {
  slack: FakeSlack;
  db: Database;
  database: TestDatabase;
  switchboard: Switchboard;
  baseUrl: string;
  config: Config;
  /** What the app logged (at `config.logLevel`: `startTestApp({ logLevel: 'debug' })` for more). */
  log: { lines: LogLine[]; text(): string };
  /** Sends a signed slash command; returns the HTTP response (the ack). */
  command(person: SlackPerson, command: string, text?: string, sign?: SignOptions): Promise<SlackResponse>;
  submitView(
    person: SlackPerson,
    view: { callbackId: string; values: StateValues; privateMetadata?: string },
  ): Promise<SlackResponse>;
  suggest(
    person: SlackPerson,
    actionId: string,
    blockId: string,
    value: string,
    privateMetadata?: string,
  ): Promise<SlackResponse>;
  /** Clicks a button or picks from a menu; resolves with what the app posted to the response_url. */
  click(person: SlackPerson, action: ActionPayload, place?: ClickPlace): Promise<any>;
  /** Sends an Events API event as Slack does (JSON, signed). */
  event(person: SlackPerson, event: Record<string, unknown>): Promise<SlackResponse>;
  /** Clicks without waiting for an answer on the response_url (e.g. a button that opens a modal). */
  press(person: SlackPerson, action: ActionPayload, place?: ClickPlace): Promise<SlackResponse>;
  post(body: string, sign?: SignOptions): Promise<SlackResponse>;
  /**
   * Forgets what the fake Slack received, once nothing is on its way there: a notice the dispatcher
   * already holds would otherwise arrive after the reset and pass for the next test's.
   */
  resetSlack(): Promise<void>;
  stop(): Promise<void>;
}

/** `smtpUrl`: send invitation emails there instead of filing them as .eml files. */
export async function startTestApp(overrides: Partial<Config> & { smtpUrl?: string } = {}): Promise<TestApp> {
  const slack = await new FakeSlack(BOT_TOKEN).start();
  const database = await createTestDatabase();
  // The port is chosen up front so that links in emails can point at the app.
  const port = await freePort();
  const mailDir = await mkdtemp(join(tmpdir(), 'switchboard-mail-'));
  const config = testConfig({
    databaseUrl: database.url,
    port,
    ...overrides,
    mail: {
      smtpUrl: overrides.smtpUrl,
      from: 'Switchboard <switchboard@test.invalid>',
      dropDir: mailDir,
      publicUrl: `http://127.0.0.1:${port}`,
    },
  });
  config.slack.apiUrl = slack.apiUrl;
  const log = captureLog(config.logLevel);
  const switchboard = await startSwitchboard(config, {
    logger: log.logger,
    botId: 'BBOT',
    botUserId: 'UBOT',
    webApiRetries: 0,
    timerIntervalMs: false,
    courierIntervalMs: 50,
    dispatcher: { idleMs: 20, perDestinationIntervalMs: 50, backoffMs: () => 100 },
  });
  const baseUrl = `http://127.0.0.1:${switchboard.port}`;
  const post = (body: string, sign?: SignOptions) => postSigned(`${baseUrl}/slack/events`, SIGNING_SECRET, body, sign);
  /** Posts a request and holds the app's ack to Slack's rules for that kind of answer, as Slack would. */
  const ackedBy = async (
    kind: AckKind,
    body: string,
    sign?: SignOptions,
    submitted?: { id?: string; blocks?: unknown[] },
  ): Promise<SlackResponse> => {
    const response = await post(body, sign);
    const text = await response.text();
    if (response.status === 200) slack.checkAck(kind, text && parseAck(text), submitted);
    return { status: response.status, text: async () => text, json: async () => JSON.parse(text) };
  };
  return {
    slack,
    db: database.db,
    database,
    switchboard,
    baseUrl,
    config,
    log: { lines: log.lines, text: log.text },
    post,
    command: (person, command, text = '', sign) =>
      ackedBy(
        'slash_command',
        slashCommandBody(person, command, text, {
          triggerId: slack.issueTrigger(),
          responseUrl: slack.responseUrl(),
        }),
        sign,
      ),
    submitView: (person, view) =>
      ackedBy(
        'view_submission',
        interactionBody(viewSubmissionPayload(person, view, slack.issueTrigger())),
        undefined,
        submittedView(slack, view),
      ),
    suggest: (person, actionId, blockId, value, privateMetadata) =>
      ackedBy(
        'block_suggestion',
        interactionBody(blockSuggestionPayload(person, actionId, blockId, value, privateMetadata)),
      ),
    event: (person, event) =>
      postSigned(`${baseUrl}/slack/events`, SIGNING_SECRET, eventBody(person, event), {
        contentType: 'application/json',
      }),
    press: (person, action, place) =>
      post(
        interactionBody(
          blockActionPayload(person, action, {
            triggerId: slack.issueTrigger(),
            responseUrl: slack.responseUrl(),
            ...place,
          }),
        ),
      ),
    async click(person, action, place) {
      const responseUrl = slack.responseUrl();
      const id = responseUrl.split('/').at(-1);
      const payload = blockActionPayload(person, action, { triggerId: slack.issueTrigger(), responseUrl, ...place });
      const response = await post(interactionBody(payload));
      if (response.status !== 200) throw new Error(`the click got HTTP ${response.status}`);
      const answer = await waitFor(() => slack.responses.find((posted) => posted.id === id), {
        what: 'the answer to a click',
      });
      return answer.body;
    },
    async resetSlack() {
      await switchboard.dispatcher.stop();
      slack.reset();
      switchboard.dispatcher.start();
    },
    async stop() {
      await switchboard.stop();
      await slack.stop();
      await database.drop();
    },
  };
}

/** An ack is JSON, or (a command's plain answer) text. */
function parseAck(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The view a submission came from, for checking the answer's error keys: the one the app last
 * showed with that callback_id, or — when the test submits a view it never opened — one whose
 * input blocks are those the test fills in.
 */
function submittedView(slack: FakeSlack, view: { callbackId: string; values: StateValues }) {
  const shown = slack.latestView(view.callbackId);
  if (shown) return { id: shown.id as string | undefined, blocks: shown.blocks as unknown[] };
  return { blocks: Object.keys(view.values).map((blockId) => ({ type: 'input', block_id: blockId })) };
}

/**
 * Between tests that share one app: removes every user but `keep` (restored as an active admin),
 * every notice and audit event, and what the fake Slack recorded.
 */
export async function resetToAdmin(t: TestApp, keep: { id: string }): Promise<void> {
  await t.db.adminRequest.deleteMany();
  await t.db.user.deleteMany({ where: { id: { not: keep.id } } });
  await t.db.user.update({ where: { id: keep.id }, data: { active: true, admin: true } });
  await t.db.outboxMessage.deleteMany();
  await t.db.auditEvent.deleteMany();
  await t.resetSlack();
}
