import { Bits, Blocks, Elements } from 'slack-block-builder';
import { formatEuros, FREE_DEVICES, monthlyDeviceFeeCents } from '../../domain/devices.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import { VALUE } from './user-form.ts';

export const CHANGE_MENU_ACTION = 'user_change';
/** The device form's fee checkbox: its block and the value of its one option. */
export const FEE_BLOCK = 'fee';
export const FEE_ACCEPTED = 'accept';
export const CHANGEABLE = ['extension', 'station', 'location', 'applications', 'groups', 'device'] as const;
export type Changeable = (typeof CHANGEABLE)[number];
export const CHANGE_TITLES: Record<Changeable, string> = {
  extension: 'Extension',
  station: 'Station',
  location: 'Location',
  applications: 'Applications',
  groups: 'Call groups',
  device: 'Add a device',
};
const MENU_TEXT = (what: Changeable) =>
  what === 'device' ? CHANGE_TITLES.device : `Change ${CHANGE_TITLES[what].toLowerCase()}`;

/**
 * The card's "Change…" menu: one entry per thing a user holds. A select, not an overflow menu:
 * Slack allows an overflow menu 5 options, and there are 6.
 */
export function changeMenu(card: { id: string; version: number }) {
  return Elements.StaticSelect({ actionId: CHANGE_MENU_ACTION, placeholder: 'Change…' }).options(
    CHANGEABLE.map((what) =>
      Bits.Option({
        text: MENU_TEXT(what),
        value: JSON.stringify({ id: card.id, v: card.version, what }),
      }),
    ),
  );
}

const devicesText = (count: number) => `${count} ${count === 1 ? 'device' : 'devices'}`;

/**
 * The device form's fee: when one more device would be beyond the free ones, a checkbox naming
 * what it costs a month (the fee of each device beyond the free ones); otherwise a line saying
 * there is none. `feeCents`: the monthly fee of each device beyond the free ones.
 */
export function deviceFeeBlock(user: { fullName: string; devices: number }, feeCents: number) {
  const fee = formatEuros(feeCents);
  if (monthlyDeviceFeeCents(user.devices + 1, feeCents) === 0) {
    return Blocks.Context().elements(
      `No fee: ${escapeMrkdwn(user.fullName)} has ${devicesText(user.devices)}, and ${FREE_DEVICES} are free.`,
    );
  }
  return Blocks.Input({ label: 'Fee', blockId: FEE_BLOCK })
    .optional(true)
    .hint(
      `${user.fullName} has ${devicesText(user.devices)}; ${FREE_DEVICES} are free, each one more costs ${fee} a month.`,
    )
    .element(
      Elements.Checkboxes({ actionId: VALUE }).options(
        Bits.Option({ value: FEE_ACCEPTED, text: `I accept ${fee} a month for this device` }),
      ),
    );
}
