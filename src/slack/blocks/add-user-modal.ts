import { Bits, Blocks, Elements, Modal } from 'slack-block-builder';
import { PRIVILEGES, type PrivilegeName } from '../../domain/privileges.ts';
import type { CompanyOption } from '../../services/organizations.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';

export const ADD_USER_VIEW = 'add_user';
/** Block ids are the names of the form's fields, so a field's error lands on its own block. */
export const ADD_USER_BLOCKS = {
  email: 'email',
  password: 'password',
  passwordConfirmation: 'passwordConfirmation',
  firstName: 'firstName',
  lastName: 'lastName',
  title: 'title',
  officePhone: 'officePhone',
  mobilePhone: 'mobilePhone',
  faxPhone: 'faxPhone',
  organizationId: 'organizationId',
  privileges: 'privileges',
} as const;
/** Every input's action id; the block id tells the fields apart. */
export const VALUE = 'value';
export const COMPANY_ACTION = 'company';

/** Slack allows 100 options in a static select; more companies than that are searched instead. */
export const STATIC_SELECT_LIMIT = 100;
const OPTION_TEXT_LIMIT = 75;

export interface AddUserModalInput {
  prefillEmail?: string;
  /** The admin's own company, selected at first. */
  defaultCompany: CompanyOption;
  /** Companies in scope; when there are more than Slack's limit, the picker searches instead. */
  companies: CompanyOption[];
  totalCompanies: number;
}

export function companyOption(company: CompanyOption) {
  const text =
    company.path.length > OPTION_TEXT_LIMIT
      ? `…${company.path.slice(-(OPTION_TEXT_LIMIT - 1))}`
      : company.path;
  return Bits.Option({ text, value: company.id });
}

function phoneInput(blockId: string, label: string) {
  return Blocks.Input({ label, blockId })
    .optional(true)
    .element(Elements.TextInput({ actionId: VALUE, placeholder: '+1 415 555 0100', maxLength: 40 }));
}

function companyPicker(input: AddUserModalInput) {
  const initial = companyOption(input.defaultCompany);
  const element =
    input.totalCompanies > STATIC_SELECT_LIMIT
      ? Elements.ExternalSelect({ actionId: COMPANY_ACTION, minQueryLength: 0, placeholder: 'Search companies' })
          .initialOption(initial)
      : Elements.StaticSelect({ actionId: COMPANY_ACTION })
          .options(input.companies.map(companyOption))
          .initialOption(initial);
  return Blocks.Input({ label: 'Company', blockId: ADD_USER_BLOCKS.organizationId })
    .hint('Your own company, or a customer company under it.')
    .element(element);
}

function privilegeBoxes() {
  const option = ({ name, label, description }: (typeof PRIVILEGES)[number]) =>
    Bits.Option({ text: label, value: name, description });
  const checkedAtFirst: PrivilegeName[] = ['active'];
  return Blocks.Input({ label: 'Privileges', blockId: ADD_USER_BLOCKS.privileges })
    .optional(true)
    .element(
      Elements.Checkboxes({ actionId: VALUE })
        .options(PRIVILEGES.map(option))
        .initialOptions(PRIVILEGES.filter(({ name }) => checkedAtFirst.includes(name)).map(option)),
    );
}

/** The portal's "create user" form as a Slack modal. */
export function addUserModal(input: AddUserModalInput) {
  const email = Elements.EmailInput({ actionId: VALUE, placeholder: 'name@example.com' });
  if (input.prefillEmail) email.initialValue(input.prefillEmail);
  return Modal({ title: 'Add user', submit: 'Add user', close: 'Cancel', callbackId: ADD_USER_VIEW })
    .blocks(
      Blocks.Input({ label: 'Email (login)', blockId: ADD_USER_BLOCKS.email }).element(email),
      Blocks.Input({ label: 'Password', blockId: ADD_USER_BLOCKS.password })
        .hint('At least 6 characters. Stored hashed; never shown or sent anywhere.')
        .element(Elements.TextInput({ actionId: VALUE, minLength: 6, maxLength: 200 })),
      Blocks.Input({ label: 'Confirm password', blockId: ADD_USER_BLOCKS.passwordConfirmation })
        .element(Elements.TextInput({ actionId: VALUE, maxLength: 200 })),
      Blocks.Input({ label: 'First name', blockId: ADD_USER_BLOCKS.firstName })
        .element(Elements.TextInput({ actionId: VALUE, maxLength: 100 })),
      Blocks.Input({ label: 'Last name', blockId: ADD_USER_BLOCKS.lastName })
        .element(Elements.TextInput({ actionId: VALUE, maxLength: 100 })),
      Blocks.Input({ label: 'Title', blockId: ADD_USER_BLOCKS.title })
        .optional(true)
        .element(Elements.TextInput({ actionId: VALUE, maxLength: 100 })),
      phoneInput(ADD_USER_BLOCKS.officePhone, 'Office number'),
      phoneInput(ADD_USER_BLOCKS.mobilePhone, 'Cellular number'),
      phoneInput(ADD_USER_BLOCKS.faxPhone, 'Fax number'),
      companyPicker(input),
      privilegeBoxes(),
    )
    .buildToObject();
}

/** A modal that only says something (used when the form can no longer be submitted). */
export function messageModal(title: string, text: string) {
  return Modal({ title, close: 'Close' })
    .blocks(Blocks.Section({ text: escapeMrkdwn(text) }))
    .buildToObject();
}
