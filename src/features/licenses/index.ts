import type { Listeners } from '../../slack/listeners.ts';
// Licenses: seats per company and product, who holds one; station packages.

import type { SlackDeps } from '../../slack/deps.ts';
import type { SlashCommand } from '../../slack/command-names.rules.ts';
import * as licenses from './licenses.slack.ts';
import * as stations from './stations.slack.ts';
import { licenses as licensesCli } from './licenses.cli.ts';

// What other slices use of this one.
export { productNames } from './licenses.ts';
export type { LicenseNotice } from './license-notices.rules.ts';
export { claimSeats, productNamed } from './seats.ts';
export { setStation } from './stations.ts';

/** Registers the Slack listeners of this slice. */
export function register(app: Listeners, deps: SlackDeps): void {
  for (const listeners of [licenses, stations]) listeners.register(app, deps);
}

/** The slash commands this slice answers, as the manifests declare them (`switchboard manifest`). */
export const COMMANDS: SlashCommand[] = [
  {
    command: licenses.COMMAND,
    description: 'Seats per product; add seats, assign or revoke a license',
    usageHint: '[add <product> <seats> [company] | assign <email> <product> | revoke <email> <product>]',
    shouldEscape: false,
  },
  {
    command: stations.COMMAND,
    description: 'Station packages: seats per company; give a user their station',
    usageHint: '[add <package> <seats> [company] | set <email> <package|none>]',
    shouldEscape: false,
  },
];

/** Its `switchboard` commands. */
export const CLI_COMMANDS = { licenses: licensesCli };
