import { App, type HTTPReceiver, LogLevel, type SocketModeReceiver } from '@slack/bolt';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { createLogger, type Logger } from '../core/logger.ts';
import type { ServiceSettings } from '../core/settings.ts';
import { databaseReadiness, healthRoute } from '../http/health.ts';
import { readinessRoute, type ReadinessCheck } from '../http/readiness.ts';
import { slackReadiness, socketReadiness } from './readiness.ts';
import { Metrics, metricsRoute } from '../metrics/metrics.ts';
import * as approvals from '../features/approvals/index.ts';
import * as audit from '../features/audit/index.ts';
import * as companies from '../features/companies/index.ts';
import * as invitations from '../features/invitations/index.ts';
import * as licenses from '../features/licenses/index.ts';
import * as setup from '../features/setup/index.ts';
import * as telephony from '../features/telephony/index.ts';
import * as users from '../features/users/index.ts';
import * as workspaces from '../features/workspaces/index.ts';
import { boltLogger } from './bolt-logger.ts';
import type { SlackDeps } from './deps.ts';
import { createReceiver } from './receiver.ts';
import { BOT_SCOPES } from './manifest.rules.ts';
import type { InstallationStore } from '@slack/bolt';
import { clientsByToken } from './clients-by-token.ts';
import { commandNames, registerRouter } from './command-names.ts';
import { Listeners } from './listeners.ts';
import { ROUTER, type SlashCommand } from './command-names.rules.ts';
import { stripNul } from './strip-nul.ts';
import { requestScope } from './request-context.ts';
import { unexpectedErrorHandler } from './unexpected-error.ts';

/** The capabilities, each registering its own listeners (src/features/<slice>/index.ts). */
const SLICES = [users, approvals, invitations, licenses, telephony, companies, audit, setup, workspaces];

type SlackAppConfig = Pick<
  Config,
  | 'slack'
  | 'port'
  | 'notifyChannel'
  | 'defaultPhoneRegion'
  | 'approvals'
  | 'invitations'
  | 'deviceFeeCents'
  | 'mail'
  | 'logLevel'
  | 'metrics'
>;

export interface SlackAppOptions {
  /** Known bot ids spare Bolt an auth.test call (tests set them). */
  botId?: string;
  botUserId?: string;
  /** How often the Web API client retries a failed call (tests keep this small). */
  webApiRetries?: number;
  /** The app's logger; by default one at LOG_LEVEL on stdout. Bolt and the receiver log through it too. */
  logger?: Logger;
}

/** Distribution mode: where installations are kept (config.slack.oauth says the mode). */
interface CreateOptions extends SlackAppOptions {
  installationStore?: InstallationStore;
}

/** Asks Bolt's installer for a workspace's tokens, rotating them when they are about to expire. */
export type Authorize = NonNullable<NonNullable<HTTPReceiver['installer']>['authorize']>;

export interface SlackApp {
  app: App;
  /** Distribution mode: the installer's authorize, for work done outside a request (the outbox). */
  authorize: Authorize | undefined;
}

export function serviceSettings(config: SlackAppConfig): ServiceSettings {
  return {
    notifyChannel: config.notifyChannel,
    defaultPhoneRegion: config.defaultPhoneRegion,
    approvals: config.approvals,
    invitations: config.invitations,
    deviceFeeCents: config.deviceFeeCents,
    distribution: Boolean(config.slack.oauth),
  };
}

/** Every slash command the app answers, `/switchboard` first; `switchboard manifest` declares them. */
export const SLASH_COMMAND_CATALOG: readonly SlashCommand[] = [ROUTER, ...SLICES.flatMap((slice) => slice.COMMANDS)];
export const SLASH_COMMANDS = SLASH_COMMAND_CATALOG.map((c) => c.command);

const LOG_LEVELS = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
} as const;

/**
 * The Bolt app: HTTP (events at POST /slack/events) unless an app token selects Socket Mode.
 * Either way `GET /healthz`, `GET /readyz` and the invitation page (`/invites/<token>`) are served on `port`.
 */
export function createSlackApp(config: SlackAppConfig, db: Database, options: CreateOptions = {}): SlackApp {
  const socketMode = Boolean(config.slack.appToken);
  const clientOptions = { slackApiUrl: config.slack.apiUrl, retryConfig: { retries: options.webApiRetries ?? 5 } };
  const logger = options.logger ?? createLogger(config.logLevel);
  const bolt = boltLogger(logger);
  const readiness: Record<string, ReadinessCheck> = {
    database: databaseReadiness(db),
    slack: slackReadiness(config.slack.botToken, config.slack.apiUrl),
  };
  const metrics = config.metrics ? new Metrics(db) : undefined;
  const customRoutes = [
    healthRoute(db),
    readinessRoute(readiness),
    ...(metrics ? [metricsRoute(metrics, config.metrics!.token)] : []),
    invitations.invitePageRoute(db, serviceSettings(config), logger),
  ];
  const logLevel = LOG_LEVELS[config.logLevel];
  // The receiver is ours to configure: malformed, oversized or future-dated requests are refused
  // before Bolt sees them (receiver.ts), and a mangled invitation link gets the invitation page's
  // "not valid" answer rather than a bare 500.
  const receiver = createReceiver({
    signingSecret: config.slack.signingSecret,
    appToken: config.slack.appToken,
    port: config.port,
    customRoutes,
    logLevel,
    logger: bolt,
    clientOptions,
    dispatchErrorHandler: invitations.invitePageErrors,
    install: installSettings(config, options.installationStore),
  });
  if (socketMode) readiness.socket = socketReadiness(receiver as SocketModeReceiver);
  const app = new App({
    receiver,
    socketMode,
    // Single-workspace mode: the one token. Distribution mode: Bolt's installer finds each request's.
    token: config.slack.botToken,
    botId: options.botId,
    botUserId: options.botUserId,
    logLevel,
    logger: bolt,
    clientOptions,
    // The error handler gets the request's body: what was asked, and where to answer.
    extendedErrorHandler: true,
    // No conversation state is kept between requests: spare every request Bolt's store lookup.
    convoStore: false,
  });
  // First: every request gets an id and a logger carrying it (request-context.ts).
  app.use(requestScope(logger, metrics));
  const clientFor = clientsByToken(clientOptions);
  app.error(unexpectedErrorHandler((token) => (token ? clientFor(token) : app.client), logger));
  // No NUL reaches a listener (PostgreSQL can't store it): strip-nul.ts.
  app.use(stripNul);
  // Whatever name a command arrived under (/sb-users, /switchboard users), listeners see its own.
  app.use(commandNames(SLASH_COMMAND_CATALOG));
  const listeners = new Listeners();
  registerRouter(listeners, SLASH_COMMAND_CATALOG);
  const deps: SlackDeps = {
    db,
    settings: serviceSettings(config),
    emailDropDir: config.mail.smtpUrl ? undefined : config.mail.dropDir,
  };
  for (const slice of SLICES) slice.register(listeners, deps);
  listeners.attach(app);
  const installer = (receiver as HTTPReceiver).installer;
  return { app, authorize: installer && ((source) => installer.authorize(source)) };
}

function installSettings(config: SlackAppConfig, installationStore: InstallationStore | undefined) {
  const { oauth } = config.slack;
  if (!oauth) return undefined;
  if (!installationStore) throw new Error('Distribution mode needs an installation store');
  return { ...oauth, installationStore, scopes: [...BOT_SCOPES] };
}
