// Telephony: numbers, devices, extensions, call groups, applications, user settings.
import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../slack/deps.ts';
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
export function register(app: App, deps: SlackDeps): void {
  for (const listeners of [applications, callGroups, devices, extensions, numberPicker, numbers, userSettings])
    listeners.register(app, deps);
}

/** The slash commands this slice answers; the manifests declare them. */
export const COMMANDS = [
  applications.COMMAND,
  callGroups.COMMAND,
  devices.COMMAND,
  extensions.COMMAND,
  numbers.COMMAND,
];

/** Its `switchboard` commands. */
export const CLI_COMMANDS = { numbers: numbersCli, devices: devicesCli, extensions: extensionsCli };
