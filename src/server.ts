import type { Server } from 'node:http';
import type { App } from '@slack/bolt';
import type { Config } from './config.ts';
import { openDatabase, type OpenDatabase } from './db/database.ts';
import { Mailer } from './features/invitations/index.ts';
import { TimerRunner } from './features/approvals/index.ts';
import * as workspaces from './features/workspaces/index.ts';
import { InvitationCourier, passwordLinkMessenger } from './features/invitations/index.ts';
import { OutboxDispatcher, type DispatcherOptions } from './core/outbox-dispatcher.ts';
import { createLogger } from './core/logger.ts';
import { createSlackApp, serviceSettings, type SlackAppOptions } from './slack/app.ts';
import { checkBotToken, tokenProblem } from './slack/check-tokens.ts';
import { workspaceMembers } from './slack/members.ts';
import { StartupError } from './startup-error.ts';
import { SlackNoticeTransport } from './slack/notice-transport.ts';
import { singleWorkspaceTokens, type WorkspaceTokens } from './slack/workspace-tokens.ts';
import type { Database } from './db/client.ts';

export interface Switchboard {
  app: App;
  database: OpenDatabase;
  dispatcher: OutboxDispatcher;
  /** The HTTP port actually listened on (useful with PORT=0). */
  port: number;
  stop(): Promise<void>;
}

interface StartOptions extends SlackAppOptions {
  dispatcher?: Partial<DispatcherOptions>;
  /** How often due timers (request expiry, reminders, grant ends) are checked; false: never (tests drive them). */
  timerIntervalMs?: number | false;
  /** How often due invitations are delivered and old ones expired. */
  courierIntervalMs?: number;
}

/**
 * The Slack app and the tokens its background work speaks with: SLACK_BOT_TOKEN for everything in
 * single-workspace mode; in distribution mode each workspace's installation (kept in PostgreSQL).
 */
function slackApp(config: Config, db: Database, options: SlackAppOptions): { app: App; tokens: WorkspaceTokens } {
  if (config.slack.botToken) {
    return { app: createSlackApp(config, db, options).app, tokens: singleWorkspaceTokens(config.slack.botToken) };
  }
  const orgTeams = workspaces.orgTeamsFromSlack({ slackApiUrl: config.slack.apiUrl });
  const installationStore = workspaces.workspaceInstallationStore(db, orgTeams, options.logger);
  const { app, authorize } = createSlackApp(config, db, { ...options, installationStore });
  return { app, tokens: workspaces.installedWorkspaceTokens(db, authorize!) };
}

/**
 * Slack's answer to the bot token → database (embedded or DATABASE_URL) → migrations → Slack app →
 * outbox dispatcher, timers, invitation courier. What an operator can fix fails as a StartupError.
 */
export async function startSwitchboard(config: Config, options: StartOptions = {}): Promise<Switchboard> {
  const { botToken } = config.slack;
  const identity =
    !botToken || (options.botId && options.botUserId)
      ? { botId: options.botId, botUserId: options.botUserId }
      : await checkBotToken(botToken, config.slack.apiUrl);
  const database = await openDatabase(config);
  const logger = options.logger ?? createLogger(config.logLevel);
  const { app, tokens } = slackApp(config, database.db, { ...options, ...identity, logger });
  const dispatcher = new OutboxDispatcher(
    database.db,
    new SlackNoticeTransport(tokens, config.slack.apiUrl, { logger }),
    logger,
    options.dispatcher,
  );
  let port = config.port;
  try {
    if (config.slack.appToken) {
      await app.start();
    } else {
      const server = (await app.start(config.port)) as Server;
      const address = server.address();
      if (address && typeof address === 'object') port = address.port;
    }
  } catch (error) {
    await database.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new StartupError(
        `Port ${config.port} is in use by another program (another Switchboard?): stop it, or set PORT to a free port.`,
      );
    }
    throw tokenProblem('SLACK_APP_TOKEN', error, config.slack.apiUrl);
  }
  dispatcher.start();
  const timers =
    options.timerIntervalMs === false
      ? undefined
      : new TimerRunner(database.db, serviceSettings(config), logger, options.timerIntervalMs);
  timers?.start();
  const mailer = new Mailer(config.mail);
  const courier = new InvitationCourier(
    database.db,
    serviceSettings(config),
    {
      ...workspaceMembers(tokens, config.slack.apiUrl, { logger }),
      sendEmail: (email) => mailer.sendInvitation(email),
      sendPasswordEmail: (message) => mailer.sendPasswordLink(message),
      sendPasswordMessage: passwordLinkMessenger(tokens, config.slack.apiUrl, config.mail.publicUrl, { logger }),
    },
    logger,
    options.courierIntervalMs,
  );
  courier.start();
  return {
    app,
    database,
    dispatcher,
    port,
    async stop() {
      await app.stop();
      await timers?.stop();
      await courier.stop();
      mailer.close();
      await dispatcher.stop();
      await database.close();
    },
  };
}
