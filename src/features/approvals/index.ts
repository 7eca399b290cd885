// Admin rights by approval: ask, decide, cancel, time-bound grants.
import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../slack/deps.ts';
import * as adminRightsSubmit from './admin-rights-submit.slack.ts';
import * as adminRights from './admin-rights.slack.ts';
import * as approvalActions from './approval-actions.slack.ts';

// What other slices use of this one.
export { renderAdminRequest, renderAdminRequestUpdate, renderAdminGrantEnded } from './approval-notices.blocks.ts';
export type { ApprovalsNotice } from './approval-notices.rules.ts';
export { TimerRunner } from './approval-timers.ts';
export { openRequest } from './request-admin.ts';

/** Registers the Slack listeners of this slice. */
export function register(app: App, deps: SlackDeps): void {
  for (const listeners of [adminRightsSubmit, adminRights, approvalActions]) listeners.register(app, deps);
}

/** The slash commands this slice answers; the manifests declare them. */
export const COMMANDS = [adminRights.GRANT_COMMAND, adminRights.REQUEST_COMMAND, adminRights.APPROVALS_COMMAND];
