import type { Listeners } from '../../slack/listeners.ts';
// The Slack workspaces: OAuth installations, the company each workspace belongs to, the channels
// its admins choose, and what happens when the app is uninstalled.

import type { SlashCommand } from '../../slack/command-names.rules.ts';
import type { SlackDeps } from '../../slack/deps.ts';
import * as channels from './channels.slack.ts';
import * as uninstall from './uninstall.slack.ts';
import * as orgWorkspaces from './org-workspaces.slack.ts';
import { workspaces as workspacesCli } from './workspaces.cli.ts';

// What the app's shell uses of this one.
export { workspaceInstallationStore, isNoInstallation, NoInstallation, type OrgTeams } from './installation-store.ts';
export { orgTeamsFromSlack } from './org-teams.slack.ts';
export { installedWorkspaceTokens, type InstallerAuthorize } from './workspace-tokens.ts';
export { type WorkspacesNotice } from './workspace-notices.rules.ts';
export { renderWorkspaceChannels } from './workspace-notices.blocks.ts';

/**
 * Registers the Slack listeners of this slice. `deps.settings.distribution`: the app runs in distribution
 * mode (OAuth installs), so a request is about the workspace it came from and an uninstall deletes
 * that workspace's installation; otherwise everything is about the deployment's own workspace.
 */
export function register(app: Listeners, deps: SlackDeps): void {
  for (const listeners of [orgWorkspaces, channels, uninstall]) listeners.register(app, deps);
}

/** The slash commands this slice answers, as the manifests declare them (`switchboard manifest`). */
export const COMMANDS: SlashCommand[] = [
  {
    command: channels.COMMAND,
    description: 'Where Switchboard posts in this workspace: the channels for confirmations, approvals, invitations',
    shouldEscape: false,
    // `/settings` is too common a name to claim: only `/switchboard settings` reaches it.
    routerOnly: true,
  },
];

/** Its `switchboard` commands. */
export const CLI_COMMANDS = { workspaces: workspacesCli };
