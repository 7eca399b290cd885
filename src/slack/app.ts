import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { ServiceSettings } from '../core/settings.ts';
import { healthRoute } from '../http/health.ts';
import { invitePageErrors, invitePageRoute } from '../features/invitations/invite-page.http.ts';
import * as adminRightsActions from '../features/approvals/approval-actions.slack.ts';
import * as customerActions from '../features/companies/customer-actions.slack.ts';
import * as locationActions from '../features/companies/location-actions.slack.ts';
import * as directoryActions from '../features/users/directory/directory-actions.slack.ts';
import * as invitationActions from '../features/invitations/invitation-actions.slack.ts';
import * as lifecycleActions from '../features/users/lifecycle/lifecycle.slack.ts';
import * as profileActions from '../features/users/edit/profile-actions.slack.ts';
import * as addUserCommand from '../features/users/add/add-user.slack.ts';
import * as adminRightsCommands from '../features/approvals/admin-rights.slack.ts';
import * as auditCommand from '../features/audit/audit.slack.ts';
import * as customersCommand from '../features/companies/customers.slack.ts';
import * as extensionsCommand from '../features/telephony/extensions.slack.ts';
import * as inviteCommands from '../features/invitations/invite.slack.ts';
import * as numbersCommand from '../features/telephony/numbers.slack.ts';
import * as devicesCommand from '../features/telephony/devices.slack.ts';
import * as stationsCommand from '../features/licenses/stations.slack.ts';
import * as applicationsCommand from '../features/telephony/applications.slack.ts';
import * as groupsCommand from '../features/telephony/call-groups.slack.ts';
import * as licensesCommand from '../features/licenses/licenses.slack.ts';
import * as locationsCommand from '../features/companies/locations.slack.ts';
import * as usersCommand from '../features/users/directory/users.slack.ts';
import type { SlackDeps } from './deps.ts';
import * as home from '../features/users/home/home.slack.ts';
import * as userSettings from '../features/telephony/user-settings.slack.ts';
import * as numberPicker from '../features/telephony/number-picker.slack.ts';
import * as setupWizard from '../features/setup/setup-wizard.slack.ts';
import * as cardChanges from '../features/users/card/card-changes.slack.ts';
import * as companyOptions from '../features/companies/company-options.slack.ts';
import * as addUserView from '../features/users/add/add-user-submit.slack.ts';
import * as adminRightsViews from '../features/approvals/admin-rights-submit.slack.ts';
import * as customerViews from '../features/companies/customer-submit.slack.ts';
import * as locationViews from '../features/companies/location-submit.slack.ts';
import * as editUserView from '../features/users/edit/edit-user.slack.ts';
import * as inviteView from '../features/invitations/invite-submit.slack.ts';
import * as resetPasswordView from '../features/users/edit/reset-password.slack.ts';

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
