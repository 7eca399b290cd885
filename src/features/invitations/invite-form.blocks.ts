import { Bits, Blocks, Elements, Modal } from 'slack-block-builder';
import { MAX_INVITE_ROWS } from './invitations.rules.ts';
import { companyPicker, type CompanyChoices } from '../companies/index.ts';
import { VALUE } from '../../slack/modals.blocks.ts';
import { MAX_EMAIL_LENGTH } from '../../core/users.rules.ts';

export const INVITE_VIEW = 'invite';
export const INVITE_ADD_ROW_ACTION = 'invite_add_row';
export const INVITE_BLOCKS = {
  company: 'organizationId',
  product: 'product',
  file: 'file',
  more: 'more',
  email: (row: number) => `row${row}`,
  license: (row: number) => `license${row}`,
} as const;
/** The value of a row's "License on" checkbox. */
export const LICENSE_ON = 'on';

export interface InviteRowValues {
  email: string;
  license: boolean;
}

export interface InviteFormState {
  rows: InviteRowValues[];
  product?: string;
}

/**
 * The /inviteusers modal: up to ten email rows with a license toggle each ("+ Add more" adds a row),
 * a company in scope, the product the licenses are of, and — for more people — a CSV file.
 */
export function inviteModal(choices: CompanyChoices, products: string[], state: InviteFormState) {
  const rows = state.rows.flatMap((row, index) => {
    const email = Elements.TextInput({ actionId: VALUE, placeholder: 'name@example.com', maxLength: MAX_EMAIL_LENGTH });
    if (row.email) email.initialValue(row.email);
    const on = Bits.Option({ text: 'License on', value: LICENSE_ON });
    const license = Elements.Checkboxes({ actionId: VALUE }).options(on);
    if (row.license) license.initialOptions(on);
    return [
      Blocks.Input({ label: `Email ${index + 1}`, blockId: INVITE_BLOCKS.email(index) })
        .optional(true)
        .element(email),
      Blocks.Input({ label: ' ', blockId: INVITE_BLOCKS.license(index) })
        .optional(true)
        .element(license),
    ];
  });
  const product = Elements.StaticSelect({ actionId: VALUE, placeholder: 'Choose a product' }).options(
    products.slice(0, 100).map((name) => Bits.Option({ text: name, value: name })),
  );
  if (state.product && products.includes(state.product))
    product.initialOption(Bits.Option({ text: state.product, value: state.product }));
  return Modal({ title: 'Invite people', submit: 'Invite', close: 'Cancel', callbackId: INVITE_VIEW })
    .privateMetaData(JSON.stringify({ rows: state.rows.length }))
    .blocks(
      companyPicker(choices, { blockId: INVITE_BLOCKS.company, label: 'Company', hint: 'Where the people join.' }),
      products.length
        ? Blocks.Input({ label: 'License product', blockId: INVITE_BLOCKS.product })
            .optional(true)
            .hint(
              'With “License on”, a person takes a seat of this product and the invitation goes out now; without, they are listed and wait for a license.',
            )
            .element(product)
        : Blocks.Context().elements(
            'No license products yet: people are listed and wait for a license. Admins add seats with `/licenses add <product> <seats>`.',
          ),
      Blocks.Divider(),
      ...rows,
      state.rows.length < MAX_INVITE_ROWS
        ? Blocks.Actions({ blockId: INVITE_BLOCKS.more }).elements(
            Elements.Button({ text: '+ Add more', actionId: INVITE_ADD_ROW_ACTION }),
          )
        : Blocks.Context().elements(`That is ${MAX_INVITE_ROWS} rows, the most per form: upload a CSV file for more.`),
      Blocks.Divider(),
      Blocks.Input({ label: 'Or upload a CSV file', blockId: INVITE_BLOCKS.file })
        .optional(true)
        .hint(
          'Two columns, as MySangoma: email and true/false (license on or off). You get a dry run to check before anything is imported.',
        )
        .element(Elements.FileInput({ actionId: VALUE, filetypes: ['csv', 'txt'], maxFiles: 1 })),
    )
    .buildToObject();
}
