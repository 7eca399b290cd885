import { Bits, Blocks, Elements, Modal } from 'slack-block-builder';
import type { SetupState } from './setup.rules.ts';
import type { SetupChoices } from './setup-choices.ts';
import { escapeMrkdwn } from '../../slack/mrkdwn.ts';
import { fit, menuOptions, OPTION_LIMIT } from '../../slack/fit.ts';
import { companyPicker, type CompanyChoices } from '../companies/index.ts';
import { VALUE } from '../../slack/modals.blocks.ts';
import { MAX_EMAIL_LENGTH, MAX_NAME_LENGTH } from '../../core/users.rules.ts';

export const SETUP_VIEWS = { 1: 'setup_details', 2: 'setup_telephony', 3: 'setup_equipment' } as const;
export const SETUP_BACK_ACTION = 'setup_back';
export const SETUP_NUMBER_ACTION = 'setup_number';
/** Field name → block id, per step; the services' field errors land on these. */
export const SETUP_BLOCKS = {
  firstName: 'firstName',
  lastName: 'lastName',
  email: 'email',
  loginId: 'loginId',
  organizationId: 'organizationId',
  number: 'number',
  extension: 'extension',
  station: 'station',
  applications: 'applications',
  device: 'device',
  ports: 'ports',
  location: 'location',
} as const;
/** The "none" choice of a select (Slack can't clear a select otherwise). */
export const NONE = 'none';

const TITLE = 'Set up a user';

function text(
  blockId: string,
  label: string,
  initial: string,
  maxLength: number,
  options: { optional?: boolean; hint?: string; placeholder?: string } = {},
) {
  const element = Elements.TextInput({ actionId: VALUE, maxLength, placeholder: options.placeholder });
  if (initial) element.initialValue(initial);
  const block = Blocks.Input({ label, blockId }).optional(Boolean(options.optional)).element(element);
  return options.hint ? block.hint(options.hint) : block;
}

function select(
  blockId: string,
  label: string,
  choices: { value: string; text: string }[],
  initial: string,
  none: string,
) {
  // A select holds 100 options: the "none" one, the chosen one and the first others.
  const picked = choices.find((choice) => choice.value === initial);
  let shown = choices.slice(0, 99);
  if (picked && !shown.includes(picked)) shown = [...shown.slice(0, -1), picked];
  const all = [{ value: NONE, text: none }, ...shown];
  const chosen = picked ?? all[0]!;
  const option = (choice: { value: string; text: string }) =>
    Bits.Option({ value: choice.value, text: fit(choice.text, OPTION_LIMIT) });
  return Blocks.Input({ label, blockId }).element(
    Elements.StaticSelect({ actionId: VALUE }).options(all.map(option)).initialOption(option(chosen)),
  );
}

function wizard(step: 1 | 2 | 3, state: SetupState) {
  return Modal({
    title: TITLE,
    submit: step === 3 ? 'Save' : 'Next',
    close: 'Cancel',
    callbackId: SETUP_VIEWS[step],
  }).privateMetaData(JSON.stringify(state));
}

const header = (step: number, what: string, notice?: string) => [
  Blocks.Context().elements(`Step ${step} of 3 · ${what}`),
  ...(notice ? [Blocks.Section({ text: `:warning: ${escapeMrkdwn(notice)}` })] : []),
];

const back = Blocks.Actions().elements(Elements.Button({ text: '‹ Back', actionId: SETUP_BACK_ACTION }));

/** Step 1: who — names, email, the user ID (email form), the company. */
export function detailsStep(state: SetupState, companies: CompanyChoices, notice?: string) {
  const d = state.details;
  return wizard(1, state)
    .blocks(
      ...header(1, 'who', notice),
      text(SETUP_BLOCKS.firstName, 'First name', d.firstName, MAX_NAME_LENGTH),
      text(SETUP_BLOCKS.lastName, 'Last name', d.lastName, MAX_NAME_LENGTH),
      text(SETUP_BLOCKS.email, 'Email', d.email, MAX_EMAIL_LENGTH, { placeholder: 'name@example.com' }),
      text(SETUP_BLOCKS.loginId, 'User ID', d.loginId, MAX_EMAIL_LENGTH, {
        optional: true,
        hint: 'In email form; leave it empty to use the email.',
      }),
      companyPicker(companies, {
        blockId: SETUP_BLOCKS.organizationId,
        label: 'Company',
        hint: 'Where the user works.',
      }),
    )
    .buildToObject();
}

/** Step 2: how they are reached — a number from the pool or an extension, a station, applications. */
export function telephonyStep(state: SetupState, choices: SetupChoices, notice?: string) {
  const t = state.telephony;
  const number = Elements.ExternalSelect({
    actionId: SETUP_NUMBER_ACTION,
    minQueryLength: 0,
    placeholder: 'Search free numbers',
  });
  if (t.number) number.initialOption(Bits.Option({ text: t.number, value: t.number }));
  const offered = menuOptions(choices.applications, (app) => t.applications.includes(app));
  const apps = Elements.StaticMultiSelect({ actionId: VALUE, placeholder: 'None' }).options(
    offered.map((app) => Bits.Option({ text: app, value: app })),
  );
  const chosenApps = offered.filter((app) => t.applications.includes(app));
  if (chosenApps.length) apps.initialOptions(chosenApps.map((app) => Bits.Option({ text: app, value: app })));
  return wizard(2, state)
    .blocks(
      ...header(2, `number and packages in ${escapeMrkdwn(choices.company)}`, notice),
      Blocks.Input({ label: 'Phone number', blockId: SETUP_BLOCKS.number })
        .optional(true)
        .hint('A free number of the company’s pool — or an extension below (one of them is needed).')
        .element(number),
      text(SETUP_BLOCKS.extension, 'Extension', t.extension, choices.extensionDigits, {
        optional: true,
        placeholder: 'e.g. 101',
      }),
      select(
        SETUP_BLOCKS.station,
        'Station',
        choices.stations.map((s) => ({ value: s.name, text: `${s.name} (${s.free} free)` })),
        t.station,
        'No station',
      ),
      ...(choices.applications.length
        ? [Blocks.Input({ label: 'Applications', blockId: SETUP_BLOCKS.applications }).optional(true).element(apps)]
        : []),
      back,
    )
    .buildToObject();
}

/** Step 3: what they use — a device from the unassigned ones and its ports, and where they work. */
export function equipmentStep(state: SetupState, choices: SetupChoices, notice?: string) {
  const e = state.equipment;
  return wizard(3, state)
    .blocks(
      ...header(3, 'device and location', notice),
      select(
        SETUP_BLOCKS.device,
        'Device',
        choices.devices.map((d) => ({ value: d.id, text: d.label })),
        e.deviceId,
        'No device',
      ),
      text(SETUP_BLOCKS.ports, 'Number of ports', e.ports, String(choices.maxPorts).length, {
        hint: `Lines on the device, 1 to ${choices.maxPorts}.`,
      }),
      select(
        SETUP_BLOCKS.location,
        'Location',
        choices.locations.map((l) => ({ value: l.id, text: l.name })),
        e.locationId,
        'No location',
      ),
      back,
    )
    .buildToObject();
}
