import type { Listeners } from '../../slack/listeners.ts';
// Admin rights by approval: ask, decide, cancel, time-bound grants.

import type { SlackDeps } from '../../slack/deps.ts';
import type { SlashCommand } from '../../slack/command-names.rules.ts';
import * as adminRightsSubmit from './admin-rights-submit.slack.ts';
import * as adminRights from './admin-rights.slack.ts';
import * as approvalActions from './approval-actions.slack.ts';

// What other slices use of this one.
export { renderAdminRequest, renderAdminRequestUpdate, renderAdminGrantEnded } from './approval-notices.blocks.ts';
export type { ApprovalsNotice } from './approval-notices.rules.ts';
export { TimerRunner } from './approval-timers.ts';
export { approversFor, openRequest } from './request-admin.ts';

/** Registers the Slack listeners of this slice. */
export function register(app: Listeners, deps: SlackDeps): void {
  for (const listeners of [adminRightsSubmit, adminRights, approvalActions]) listeners.register(app, deps);
}

/** The slash commands this slice answers, as the manifests declare them (`switchboard manifest`). */
export const COMMANDS: SlashCommand[] = [
  {
    command: adminRights.GRANT_COMMAND,
    description: 'Ask approvers to make someone an admin',
    usageHint: 'name@example.com | @someone [for 8 hours] [reason]',
    shouldEscape: true,
  },
  {
    command: adminRights.REQUEST_COMMAND,
    description: 'Ask approvers for admin rights for yourself',
    usageHint: '[for 8 hours] [reason]',
    shouldEscape: false,
  },
  {
    command: adminRights.APPROVALS_COMMAND,
    description: 'Admin-rights requests to decide, yours, and your time-bound grants',
    shouldEscape: false,
  },
];
