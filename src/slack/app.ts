import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { ServiceSettings } from '../services/settings.ts';
import { healthRoute } from '../http/health.ts';
import { invitePageErrors, invitePageRoute } from '../http/invite-page.ts';
import * as adminRightsActions from './actions/admin-rights.ts';
import * as customerActions from './actions/customers.ts';
import * as locationActions from './actions/locations.ts';
import * as directoryActions from './actions/directory.ts';
import * as invitationActions from './actions/invitations.ts';
import * as lifecycleActions from './actions/lifecycle.ts';
import * as profileActions from './actions/profile.ts';
import * as addUserCommand from './commands/adduser.ts';
import * as adminRightsCommands from './commands/admin-rights.ts';
import * as auditCommand from './commands/audit.ts';
import * as customersCommand from './commands/customers.ts';
import * as extensionsCommand from './commands/extensions.ts';
import * as inviteCommands from './commands/invite.ts';
import * as numbersCommand from './commands/numbers.ts';
import * as devicesCommand from './commands/devices.ts';
import * as stationsCommand from './commands/stations.ts';
import * as applicationsCommand from './commands/applications.ts';
import * as groupsCommand from './commands/groups.ts';
import * as licensesCommand from './commands/licenses.ts';
import * as locationsCommand from './commands/locations.ts';
import * as usersCommand from './commands/users.ts';
import type { SlackDeps } from './deps.ts';
import * as home from './home.ts';
import * as userSettings from './user-settings.ts';
import * as numberPicker from './number-picker.ts';
import * as setupWizard from './setup-wizard.ts';
import * as cardChanges from './card-changes.ts';
import * as companyOptions from './options/companies.ts';
import * as addUserView from './views/add-user.ts';
import * as adminRightsViews from './views/admin-rights.ts';
import * as customerViews from './views/customers.ts';
import * as locationViews from './views/locations.ts';
import * as editUserView from './views/edit-user.ts';
import * as inviteView from './views/invite.ts';
import * as resetPasswordView from './views/reset-password.ts';

export type SlackAppConfig = Pick<
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
>;

export interface SlackAppOptions {
  /** Known bot ids spare Bolt an auth.test call (tests set them). */
  botId?: string;
  botUserId?: string;
  /** How often the Web API client retries a failed call (tests keep this small). */
  webApiRetries?: number;
}

export function serviceSettings(config: SlackAppConfig): ServiceSettings {
  return {
    notifyChannel: config.notifyChannel,
    defaultPhoneRegion: config.defaultPhoneRegion,
    approvals: config.approvals,
    invitations: config.invitations,
    deviceFeeCents: config.deviceFeeCents,
  };
}

/** Every slash command the app answers; the manifests in manifests/ must declare exactly these. */
export const SLASH_COMMANDS = [
  addUserCommand.COMMAND,
  usersCommand.COMMAND,
  customersCommand.COMMAND,
  auditCommand.COMMAND,
  adminRightsCommands.GRANT_COMMAND,
  adminRightsCommands.REQUEST_COMMAND,
  adminRightsCommands.APPROVALS_COMMAND,
  licensesCommand.COMMAND,
  locationsCommand.COMMAND,
  extensionsCommand.COMMAND,
  inviteCommands.INVITE_COMMAND,
  inviteCommands.INVITES_COMMAND,
  numbersCommand.COMMAND,
  devicesCommand.COMMAND,
  stationsCommand.COMMAND,
  applicationsCommand.COMMAND,
  groupsCommand.COMMAND,
  setupWizard.COMMAND,
];

const LOG_LEVELS = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
} as const;

/**
 * The Bolt app: HTTP (events at POST /slack/events) unless an app token selects Socket Mode.
 * Either way `GET /healthz` and the invitation page (`/invites/<token>`) are served on `port`.
 */
export function createSlackApp(config: SlackAppConfig, db: Database, options: SlackAppOptions = {}): App {
  const socketMode = Boolean(config.slack.appToken);
  const clientOptions = { slackApiUrl: config.slack.apiUrl, retryConfig: { retries: options.webApiRetries ?? 5 } };
  const customRoutes = [healthRoute(db), invitePageRoute(db, serviceSettings(config))];
  const logLevel = LOG_LEVELS[config.logLevel];
  // In HTTP mode the receiver is ours to configure: a mangled invitation link then gets the
  // invitation page's "not valid" answer rather than a bare 500.
  const receiver = socketMode
    ? undefined
    : new HTTPReceiver({
        signingSecret: config.slack.signingSecret,
        port: config.port,
        customRoutes,
        logLevel,
        dispatchErrorHandler: invitePageErrors,
      });
  const app = new App({
    receiver,
    ...(socketMode
      ? {
          signingSecret: config.slack.signingSecret,
          appToken: config.slack.appToken,
          socketMode,
          port: config.port,
          // In Socket Mode the connection is opened by a client of its own, which needs the API URL too.
          installerOptions: { port: config.port, clientOptions },
          customRoutes,
        }
      : {}),
    token: config.slack.botToken,
    botId: options.botId,
    botUserId: options.botUserId,
    logLevel,
    clientOptions,
  });
  const deps: SlackDeps = {
    db,
    settings: serviceSettings(config),
    emailDropDir: config.mail.smtpUrl ? undefined : config.mail.dropDir,
  };
  const listeners = [
    addUserCommand,
    addUserView,
    companyOptions,
    usersCommand,
    directoryActions,
    lifecycleActions,
    profileActions,
    editUserView,
    resetPasswordView,
    customersCommand,
    customerActions,
    customerViews,
    auditCommand,
    home,
    adminRightsCommands,
    adminRightsActions,
    adminRightsViews,
    licensesCommand,
    locationsCommand,
    locationActions,
    locationViews,
    extensionsCommand,
    userSettings,
    inviteCommands,
    inviteView,
    invitationActions,
    numbersCommand,
    devicesCommand,
    numberPicker,
    stationsCommand,
    applicationsCommand,
    groupsCommand,
    setupWizard,
    cardChanges,
  ];
  for (const listener of listeners) listener.register(app, deps);
  return app;
}
