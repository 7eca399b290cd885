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
import { installThroughRedirect, type InstallResult } from './oauth-install.ts';
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
/** Distribution mode: the app's OAuth credentials (the fake Slack checks the first two). */
export const CLIENT_ID = 'test-client-id';
export const CLIENT_SECRET = 'test-client-secret';
export const STATE_SECRET = 'test-state-secret';

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
  /** Distribution mode: installs the app in a workspace of the fake Slack as a browser would. */
  install(install: { teamId: string; installerUserId: string; orgWide?: boolean }): Promise<InstallResult>;
  /**
   * Forgets what the fake Slack received, once nothing is on its way there: a notice the dispatcher
   * already holds would otherwise arrive after the reset and pass for the next test's.
   */
  resetSlack(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestAppOptions extends Partial<Config> {
  /** Send invitation emails there instead of filing them as .eml files. */
  smtpUrl?: string;
  /**
   * Distribution mode: no bot token; the app has OAuth credentials and gets its tokens by being
   * installed (test/support/oauth-install.ts). The fake Slack then serves only the teams the test
   * adds (`t.slack.addTeam`), with no default token.
   */
  distribution?: boolean;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const { distribution = false, ...overrides } = options;
  const slack = await new FakeSlack(distribution ? undefined : BOT_TOKEN).start();
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
  if (distribution) {
    config.slack = {
      signingSecret: SIGNING_SECRET,
      botToken: undefined,
      appToken: undefined,
      apiUrl: slack.apiUrl,
      oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, stateSecret: STATE_SECRET },
    };
  }
  const log = captureLog(config.logLevel);
  const switchboard = await startSwitchboard(config, {
    logger: log.logger,
    // In distribution mode each workspace's bot comes from its installation.
    ...(distribution ? {} : { botId: 'BBOT', botUserId: 'UBOT' }),
    webApiRetries: 0,
    timerIntervalMs: false,
    courierIntervalMs: 50,
    dispatcher: { idleMs: 20, perDestinationIntervalMs: 50, backoffMs: () => 100 },
  });
  const baseUrl = `http://127.0.0.1:${switchboard.port}`;
  const post = (body: string, sign?: SignOptions) => postSigned(`${baseUrl}/slack/events`, SIGNING_SECRET, body, sign);
  /** The person as Slack describes them: their org and the app's installation there, unless named. */
  const who = (person: SlackPerson): SlackPerson => {
    const installation = slack.installationFor(person.teamId);
    const enterpriseId = person.enterpriseId ?? installation.enterpriseId ?? undefined;
    return {
      ...person,
      ...(enterpriseId
        ? { enterpriseId, enterpriseName: person.enterpriseName ?? slack.enterpriseOf(enterpriseId)?.name }
        : {}),
      isEnterpriseInstall: person.isEnterpriseInstall ?? installation.isEnterpriseInstall,
      botUserId: person.botUserId ?? installation.botUserId,
    };
  };
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
    install: (install) => installThroughRedirect(baseUrl, slack, install),
    command: (person, command, text = '', sign) =>
      ackedBy(
        'slash_command',
        slashCommandBody(who(person), command, text, {
          triggerId: slack.issueTrigger(person.teamId),
          responseUrl: slack.responseUrl(),
        }),
        sign,
      ),
    submitView: (person, view) =>
      ackedBy(
        'view_submission',
        interactionBody(viewSubmissionPayload(who(person), view, slack.issueTrigger(person.teamId))),
        undefined,
        submittedView(slack, view),
      ),
    suggest: (person, actionId, blockId, value, privateMetadata) =>
      ackedBy(
        'block_suggestion',
        interactionBody(blockSuggestionPayload(who(person), actionId, blockId, value, privateMetadata)),
      ),
    event: (person, event) =>
      postSigned(`${baseUrl}/slack/events`, SIGNING_SECRET, eventBody(who(person), event), {
        contentType: 'application/json',
      }),
    press: (person, action, place) =>
      post(
        interactionBody(
          blockActionPayload(who(person), action, {
            triggerId: slack.issueTrigger(person.teamId),
            responseUrl: slack.responseUrl(),
            ...place,
          }),
        ),
      ),
    async click(person, action, place) {
      const responseUrl = slack.responseUrl();
      const id = responseUrl.split('/').at(-1);
      const payload = blockActionPayload(who(person), action, {
        triggerId: slack.issueTrigger(person.teamId),
        responseUrl,
        ...place,
      });
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
