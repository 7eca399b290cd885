// Licenses: seats per company and product, who holds one; station packages.
import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../slack/deps.ts';
import * as licenses from './licenses.slack.ts';
import * as stations from './stations.slack.ts';
import { licenses as licensesCli } from './licenses.cli.ts';

// What other slices use of this one.
export { productNames } from './licenses.ts';
export type { LicenseNotice } from './license-notices.rules.ts';
export { claimSeats, productNamed } from './seats.ts';
export { setStation } from './stations.ts';

/** Registers the Slack listeners of this slice. */
export function register(app: App, deps: SlackDeps): void {
  for (const listeners of [licenses, stations]) listeners.register(app, deps);
}

/** The slash commands this slice answers; the manifests declare them. */
export const COMMANDS = [licenses.COMMAND, stations.COMMAND];

/** Its `switchboard` commands. */
export const CLI_COMMANDS = { licenses: licensesCli };
