import type { Listeners } from '../../slack/listeners.ts';
// Users: add, the directory and the card, edit, lifecycle, App Home.

import type { SlackDeps } from '../../slack/deps.ts';
import type { SlashCommand } from '../../slack/command-names.rules.ts';
import * as addUserSubmit from './add/add-user-submit.slack.ts';
import * as addUser from './add/add-user.slack.ts';
import * as cardChanges from './card/card-changes.slack.ts';
import * as directoryActions from './directory/directory-actions.slack.ts';
import * as users from './directory/users.slack.ts';
import * as editUser from './edit/edit-user.slack.ts';
import * as profileActions from './edit/profile-actions.slack.ts';
import * as resetPassword from './edit/reset-password.slack.ts';
import * as home from './home/home.slack.ts';
import * as lifecycle from './lifecycle/lifecycle.slack.ts';
import { users as usersCli } from './users.cli.ts';

// What other slices use of this one.
export { NUMBER_ASSIGN_ACTION, REQUEST_ADMIN_ACTION, USER_SETTINGS_ACTION } from './card/user-card.blocks.ts';
export { type UserCard, showUser } from './directory/directory.ts';
export { HOME_ACTIONS } from './home/home.blocks.ts';
export { renderSlackLink, userAddedNotes } from './link/link-notices.blocks.ts';
export type {
  EmailConfirmationNotice,
  UserAddedNotice,
  UserLifecycleNotice,
  UsersNotice,
} from './user-notices.rules.ts';

/** Registers the Slack listeners of this slice. */
export function register(app: Listeners, deps: SlackDeps): void {
  for (const listeners of [
    addUserSubmit,
    addUser,
    cardChanges,
    directoryActions,
    users,
    editUser,
    profileActions,
    resetPassword,
    home,
    lifecycle,
  ])
    listeners.register(app, deps);
}

/** The slash commands this slice answers, as the manifests declare them (`switchboard manifest`). */
export const COMMANDS: SlashCommand[] = [
  {
    command: addUser.COMMAND,
    description: 'Add a user (opens the form)',
    usageHint: '[email]',
    shouldEscape: false,
  },
  {
    command: users.COMMAND,
    description: "Find users: search, filters, or one user's card",
    usageHint: '[words] [is:active|is:deactivated|is:invited|is:admin] [company:<name>] | name@example.com',
    shouldEscape: false,
  },
];

/** Its `switchboard` commands. */
export const CLI_COMMANDS = { users: usersCli };
