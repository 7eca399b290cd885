import { Bits, Blocks, Elements, Message, Modal } from 'slack-block-builder';
import type { LocationLine } from './locations.ts';
import { escapeFit, fit, OPTION_LIMIT, packLines } from '../../slack/fit.ts';
import { companyPicker, type CompanyChoices } from './company-picker.blocks.ts';
import { VALUE } from '../../slack/modals.blocks.ts';
import { MAX_ADDRESS_LENGTH, MAX_LOCATION_NAME_LENGTH } from './companies.rules.ts';
import { plural } from '../../core/words.rules.ts';

export const LOCATION_ACTIONS = { add: 'location_add', edit: 'location_edit', remove: 'location_remove' } as const;
export const LOCATION_VIEW = 'location';
export const LOCATION_BLOCKS = { companyId: 'companyId', name: 'name', address: 'address' } as const;

const option = (location: LocationLine) =>
  Bits.Option({ text: fit(`${location.name} · ${location.company}`, OPTION_LIMIT), value: location.id });

/** `/locations`: each company's locations with how many work there; Add, Edit and Remove for Admins. */
export function locationsMessage(locations: LocationLine[], canManage: boolean) {
  const lines = locations.map(
    (location) =>
      `*${escapeFit(location.name, 500)}* · ${escapeFit(location.company, 1000)}${location.address ? ` · ${escapeFit(location.address, 1000)}` : ''} · ${plural(location.users, 'user')}`,
  );
  // Up to 40 sections of 15 lines; the locations that don't fit are counted.
  const sections = packLines(lines, 40, { perText: 15 }).map((text) => Blocks.Section({ text }));
  const shown = locations.slice(0, 100);
  const actions = canManage
    ? [
        Blocks.Actions().elements(
          Elements.Button({ text: 'Add location', actionId: LOCATION_ACTIONS.add }).primary(),
          ...(shown.length
            ? [
                Elements.StaticSelect({ actionId: LOCATION_ACTIONS.edit, placeholder: 'Edit a location…' }).options(
                  shown.map(option),
                ),
                Elements.StaticSelect({ actionId: LOCATION_ACTIONS.remove, placeholder: 'Remove a location…' })
                  .options(shown.map(option))
                  .confirm(
                    Bits.ConfirmationDialog({
                      title: 'Remove location?',
                      text: 'A location where users work can’t be removed; move them first.',
                      confirm: 'Remove',
                      deny: 'Cancel',
                    }).danger(),
                  ),
              ]
            : []),
        ),
      ]
    : [];
  return {
    text: `Locations: ${locations.length}.`,
    blocks: Message()
      .blocks(
        Blocks.Section({ text: `*Locations* (${locations.length})` }),
        ...(sections.length ? sections : [Blocks.Context().elements('None yet.')]),
        ...actions,
      )
      .getBlocks(),
  };
}

/** Add or edit a location: the company, its name and address. */
export function locationModal(
  choices: CompanyChoices,
  location?: { id: string; name: string; address: string | null },
) {
  const name = Elements.TextInput({ actionId: VALUE, maxLength: MAX_LOCATION_NAME_LENGTH });
  const address = Elements.TextInput({ actionId: VALUE, maxLength: MAX_ADDRESS_LENGTH, multiline: true });
  if (location) name.initialValue(location.name);
  if (location?.address) address.initialValue(location.address);
  return Modal({
    title: location ? 'Edit location' : 'Add location',
    submit: 'Save',
    close: 'Cancel',
    callbackId: LOCATION_VIEW,
    privateMetaData: JSON.stringify({ id: location?.id ?? null }),
  })
    .blocks(
      companyPicker(choices, { blockId: LOCATION_BLOCKS.companyId, label: 'Company', hint: 'Whose location this is.' }),
      Blocks.Input({ label: 'Name', blockId: LOCATION_BLOCKS.name }).element(name),
      Blocks.Input({ label: 'Address', blockId: LOCATION_BLOCKS.address }).optional(true).element(address),
    )
    .buildToObject();
}
