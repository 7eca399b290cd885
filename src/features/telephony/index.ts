import type { Listeners } from '../../slack/listeners.ts';
// Telephony: numbers, devices, extensions, call groups, applications, user settings.

import type { SlackDeps } from '../../slack/deps.ts';
import type { SlashCommand } from '../../slack/command-names.rules.ts';
import * as applications from './applications.slack.ts';
import * as callGroups from './call-groups.slack.ts';
import * as devices from './devices.slack.ts';
import * as extensions from './extensions.slack.ts';
import * as numberPicker from './number-picker.slack.ts';
import * as numbers from './numbers.slack.ts';
import * as userSettings from './user-settings.slack.ts';
import { devices as devicesCli } from './devices.cli.ts';
import { extensions as extensionsCli } from './extensions.cli.ts';
import { numbers as numbersCli } from './numbers.cli.ts';

// What other slices use of this one.
export { setUserApplications } from './applications.ts';
export { setGroups } from './call-groups.ts';
export { FREE_DEVICES, MAX_PORTS, checkPorts, formatEuros, monthlyDeviceFeeCents } from './devices.rules.ts';
export { DeviceFeeConfirmationNeeded, assignDevice, deviceLabel } from './devices.ts';
export { checkExtension } from './extensions.rules.ts';
export { type ExtensionOverview, extensionOverview, setExtension } from './extensions.ts';
export { numberOptions } from './number-picker.blocks.ts';
export { freeNumbersOf } from './numbers.ts';
export type { TelephonyNotice } from './telephony-notices.rules.ts';

/** Registers the Slack listeners of this slice. */
export function register(app: Listeners, deps: SlackDeps): void {
  for (const listeners of [applications, callGroups, devices, extensions, numberPicker, numbers, userSettings])
    listeners.register(app, deps);
}

/** The slash commands this slice answers, as the manifests declare them (`switchboard manifest`). */
export const COMMANDS: SlashCommand[] = [
  {
    command: applications.COMMAND,
    description: 'Applications a company offers; enable or disable them for a user',
    usageHint: '[company] | offer|withdraw <app> [company] | enable|disable <email> <app>',
    shouldEscape: false,
  },
  {
    command: callGroups.COMMAND,
    description: 'Call groups per company and their members',
    usageHint: '[company] | add|remove <group> [company] | join|leave <group> <email>',
    shouldEscape: false,
  },
  {
    command: devices.COMMAND,
    description: 'VoIP phones, mobiles, external phones: add, assign, unassign',
    usageHint:
      '[company:<name>] | add voip <MAC> ["model"] [ports] | add mobile|external <number> | assign <email> <MAC|number> | unassign <MAC|number>',
    shouldEscape: false,
  },
  {
    command: extensions.COMMAND,
    description: "Extensions taken, the next free one; set a user's; set the length policy",
    usageHint: '[company] | set <email> <digits|next|none> | policy <min> <max> [company]',
    shouldEscape: false,
  },
  {
    command: numbers.COMMAND,
    description: 'Phone number pools: add numbers or ranges, assign, move, unassign',
    usageHint:
      '[company] | add <number|first..last> | assign <email> <number> | move <number> <email> | unassign <number>',
    shouldEscape: false,
  },
];

/** Its `switchboard` commands. */
export const CLI_COMMANDS = { numbers: numbersCli, devices: devicesCli, extensions: extensionsCli };
