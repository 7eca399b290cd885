import { Bits, Elements } from 'slack-block-builder';

export const CHANGE_MENU_ACTION = 'user_change';
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

/** The card's "Change…" menu: one entry per thing a user holds. */
export function changeMenu(card: { id: string; version: number }) {
  return Elements.OverflowMenu({ actionId: CHANGE_MENU_ACTION }).options(
    CHANGEABLE.map((what) =>
      Bits.Option({
        text: MENU_TEXT(what),
        value: JSON.stringify({ id: card.id, v: card.version, what }),
      }),
    ),
  );
}
