import { Bits, Blocks, Elements, Modal } from 'slack-block-builder';
import { formatEuros, FREE_DEVICES, monthlyDeviceFeeCents } from '../../telephony/index.ts';
import type { UserCard } from '../directory/directory.ts';
import type { ExtensionOverview } from '../../telephony/index.ts';
import type { SetupChoices } from '../../setup/index.ts';
import { escapeMrkdwn } from '../../../slack/mrkdwn.ts';
import { chars, escapeFit, fit, joinFitted, menuOptions, OPTION_LIMIT, TEXT_LIMIT } from '../../../slack/fit.ts';
import { NONE } from '../../setup/index.ts';
import { VALUE } from '../../../slack/modals.blocks.ts';

export const CHANGE_MENU_ACTION = 'user_change';
export const CARD_CHANGE_VIEW = 'card_change';
/** The block of the one field each change form has. */
export const CARD_CHANGE_FIELD = 'field';
/** The device form's fee checkbox: its block and the value of its one option. */
export const FEE_BLOCK = 'fee';
const FEE_ACCEPTED = 'accept';
export const CHANGEABLE = ['extension', 'station', 'location', 'applications', 'groups', 'device'] as const;
export type Changeable = (typeof CHANGEABLE)[number];
const CHANGE_TITLES: Record<Changeable, string> = {
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
function deviceFeeBlock(user: { fullName: string; devices: number }, feeCents: number) {
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

const option = (value: string, text = value) => Bits.Option({ value, text: fit(text, OPTION_LIMIT) });
/** A select holds 100 options. */
const MENU_OPTIONS = 100;

function field(what: Changeable, card: CardChangeInput['card'], choices: SetupChoices) {
  const select = (all: { value: string; text: string }[], current: string | null, none: string) => {
    const chosen = all.find((choice) => choice.value === current);
    let shown = all.slice(0, MENU_OPTIONS - 1);
    if (chosen && !shown.includes(chosen)) shown = [...shown.slice(0, -1), chosen];
    const options = [option(NONE, none), ...shown.map((choice) => option(choice.value, choice.text))];
    return Elements.StaticSelect({ actionId: VALUE })
      .options(options)
      .initialOption(chosen ? option(chosen.value, chosen.text) : option(NONE, none));
  };
  const multi = (all: string[], current: string[]) => {
    const shown = menuOptions(all, (name) => current.includes(name), MENU_OPTIONS);
    const element = Elements.StaticMultiSelect({ actionId: VALUE, placeholder: 'None' }).options(
      shown.map((name) => option(name)),
    );
    const initial = shown.filter((name) => current.includes(name));
    return initial.length ? element.initialOptions(initial.map((name) => option(name))) : element;
  };
  switch (what) {
    case 'extension': {
      // The company's longest extension (at least 4: "next" must fit).
      const input = Elements.TextInput({
        actionId: VALUE,
        placeholder: 'digits, or next',
        maxLength: Math.max(choices.extensionDigits, 'next'.length),
      });
      if (card.extension) input.initialValue(card.extension);
      return Blocks.Input({ label: 'Extension', blockId: CARD_CHANGE_FIELD })
        .optional(true)
        .hint('Empty: no extension. “next”: the next free one.')
        .element(input);
    }
    case 'station':
      return Blocks.Input({ label: 'Station', blockId: CARD_CHANGE_FIELD }).element(
        select(
          choices.stations.map((s) => ({ value: s.name, text: `${s.name} (${s.free} free)` })),
          card.station,
          'No station',
        ),
      );
    case 'location':
      return Blocks.Input({ label: 'Location', blockId: CARD_CHANGE_FIELD }).element(
        select(
          choices.locations.map((l) => ({ value: l.name, text: l.name })),
          card.location,
          'No location',
        ),
      );
    case 'applications':
      return Blocks.Input({ label: 'Applications', blockId: CARD_CHANGE_FIELD })
        .optional(true)
        .element(multi(choices.applications, card.applications));
    case 'groups':
      return Blocks.Input({ label: 'Call groups', blockId: CARD_CHANGE_FIELD })
        .optional(true)
        .element(multi(choices.groups, card.groups));
    case 'device':
      return Blocks.Input({ label: 'Device', blockId: CARD_CHANGE_FIELD }).element(
        select(
          choices.devices.map((d) => ({ value: d.id, text: d.label })),
          null,
          'Choose a device',
        ),
      );
  }
}

/** The extension form's line: the company's policy, what is taken and by whom (the first 20), the next free one. */
function extensionsTaken(overview: ExtensionOverview): string {
  const head = `${overview.policy.min}–${overview.policy.max} digits · next free: ${overview.nextFree ?? 'none'} · taken: `;
  const taken = overview.taken.slice(0, 20).map((row) => `${row.extension} ${escapeFit(row.user, 400)}`);
  const more = (count: number) => ` and ${count} more`;
  return head + (joinFitted(taken, TEXT_LIMIT - chars(head), { total: overview.total, more }) || 'none');
}

interface CardChangeInput {
  what: Changeable;
  card: Pick<
    UserCard,
    | 'email'
    | 'fullName'
    | 'company'
    | 'companyPath'
    | 'extension'
    | 'station'
    | 'location'
    | 'applications'
    | 'groups'
    | 'devices'
  >;
  /** What the user's company offers. */
  choices: SetupChoices;
  /** For the extension form: the company's extensions. */
  extensions?: ExtensionOverview;
  /** The monthly fee of each device beyond the free ones. */
  feeCents: number;
}

/**
 * The card's form for one thing a user holds (see CHANGEABLE). The device form asks to accept the
 * fee when one more device would cost one, and says so in its metadata (`fee`).
 */
export function cardChangeModal({ what, card, choices, extensions, feeCents }: CardChangeInput) {
  const feeAsked = what === 'device' && monthlyDeviceFeeCents(card.devices.length + 1, feeCents) > 0;
  // A multi-select needs an option: with nothing to choose the form only says so (and can't be saved).
  const none =
    what === 'applications' && !choices.applications.length
      ? `${escapeFit(card.company, 500)} offers no applications yet: Admins offer one with \`/applications offer <app>\`.`
      : what === 'groups' && !choices.groups.length
        ? `${escapeFit(card.company, 500)} has no call groups yet: Admins add one with \`/groups add <group>\`.`
        : undefined;
  return Modal({
    title: CHANGE_TITLES[what],
    submit: none ? undefined : 'Save',
    close: none ? 'Close' : 'Cancel',
    callbackId: CARD_CHANGE_VIEW,
  })
    .privateMetaData(JSON.stringify({ email: card.email, what, ...(feeAsked ? { fee: true } : {}) }))
    .blocks(
      Blocks.Section({ text: `*${escapeMrkdwn(card.fullName)}* · ${escapeFit(card.companyPath, 2000)}` }),
      none ? Blocks.Section({ text: none }) : field(what, card, choices),
      ...(what === 'extension' && extensions ? [Blocks.Context().elements(extensionsTaken(extensions))] : []),
      ...(what === 'device'
        ? [deviceFeeBlock({ fullName: card.fullName, devices: card.devices.length }, feeCents)]
        : []),
    )
    .buildToObject();
}
