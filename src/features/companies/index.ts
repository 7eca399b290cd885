import type { Listeners } from '../../slack/listeners.ts';
// Companies: customer companies, locations, the company picker, the first admin.

import type { SlackDeps } from '../../slack/deps.ts';
import type { SlashCommand } from '../../slack/command-names.rules.ts';
import * as companyOptions from './company-options.slack.ts';
import * as customerActions from './customer-actions.slack.ts';
import * as customerSubmit from './customer-submit.slack.ts';
import * as customers from './customers.slack.ts';
import * as locationActions from './location-actions.slack.ts';
import * as locationSubmit from './location-submit.slack.ts';
import * as locations from './locations.slack.ts';
import { bootstrap as bootstrapCli } from './bootstrap.cli.ts';

// What other slices use of this one.
export { COMPANY_ACTION, type CompanyChoices, companyPicker } from './company-picker.blocks.ts';
export { setUserLocation } from './locations.ts';
export type { CompaniesNotice } from './company-notices.rules.ts';

/** Registers the Slack listeners of this slice. */
export function register(app: Listeners, deps: SlackDeps): void {
  for (const listeners of [
    companyOptions,
    customerActions,
    customerSubmit,
    customers,
    locationActions,
    locationSubmit,
    locations,
  ])
    listeners.register(app, deps);
}

/** The slash commands this slice answers, as the manifests declare them (`switchboard manifest`). */
export const COMMANDS: SlashCommand[] = [
  {
    command: customers.COMMAND,
    description: 'Your company and its customer companies, with user counts',
    shouldEscape: false,
  },
  {
    command: locations.COMMAND,
    description: "Your companies' locations; set where a user works",
    usageHint: '[set <email> <location | none>]',
    shouldEscape: false,
  },
];

/** Its `switchboard` commands. */
export const CLI_COMMANDS = { bootstrap: bootstrapCli };
