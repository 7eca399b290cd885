import type { Listeners } from '../../slack/listeners.ts';
// The set-up wizard (/setupuser).

import type { SlackDeps } from '../../slack/deps.ts';
import type { SlashCommand } from '../../slack/command-names.rules.ts';
import * as setupWizard from './setup-wizard.slack.ts';

// What other slices use of this one.
export { type SetupChoices, setupChoices } from './setup-choices.ts';
export { NONE } from './setup-wizard.blocks.ts';
export type { UserSetUpNotice } from './setup-notices.rules.ts';

/** Registers the Slack listeners of this slice. */
export function register(app: Listeners, deps: SlackDeps): void {
  for (const listeners of [setupWizard]) listeners.register(app, deps);
}

/** The slash commands this slice answers, as the manifests declare them (`switchboard manifest`). */
export const COMMANDS: SlashCommand[] = [
  {
    command: setupWizard.COMMAND,
    description: 'Set up a user: details, number or extension, station, applications, device, location',
    usageHint: '[email]',
    shouldEscape: false,
  },
];
