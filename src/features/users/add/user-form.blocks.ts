import { Bits, Blocks, Elements, Modal } from 'slack-block-builder';
import { PRIVILEGES, type PrivilegeName, type Privileges } from '../../../core/privileges.rules.ts';
import { escapeFit, TEXT_LIMIT } from '../../../slack/fit.ts';
import { VALUE } from '../../../slack/modals.blocks.ts';
import { type CompanyChoices, companyPicker } from '../../companies/index.ts';
import { MAX_NAME_LENGTH, MAX_TITLE_LENGTH } from '../../../core/users.rules.ts';
import { PASSWORD_BLOCKS, passwordChoiceBlocks } from '../password-choice.blocks.ts';
import { formatPhone, MAX_PHONE_LENGTH } from '../../../core/phone.rules.ts';
import { NO_SLACK_FIELD, SLACK_FIELD } from '../link/slack-link.rules.ts';

export const ADD_USER_VIEW = 'add_user';
export const EDIT_USER_VIEW = 'edit_user';

/** Block ids are the names of the form's fields, so a field's error lands on its own block. */
export const FORM_BLOCKS = {
  email: 'email',
  ...PASSWORD_BLOCKS,
  firstName: 'firstName',
  lastName: 'lastName',
  title: 'title',
  officePhone: 'officePhone',
  mobilePhone: 'mobilePhone',
  faxPhone: 'faxPhone',
  organizationId: 'organizationId',
  privileges: 'privileges',
  slackUser: SLACK_FIELD,
  noSlackLink: NO_SLACK_FIELD,
} as const;
/** Every input's action id; the block id tells the fields apart. */
/** The user's details as the form shows them at first. */
interface ProfileValues {
  email?: string;
  firstName?: string;
  lastName?: string;
  title?: string | null;
  officePhone?: string | null;
  mobilePhone?: string | null;
  faxPhone?: string | null;
  privileges: Privileges;
  /** The Slack account linked now. */
  slackUserId?: string | null;
}

function textInput(
  blockId: string,
  label: string,
  initial: string | null | undefined,
  maxLength: number,
  optional = false,
) {
  const element = Elements.TextInput({ actionId: VALUE, maxLength });
  if (initial) element.initialValue(initial);
  return Blocks.Input({ label, blockId }).optional(optional).element(element);
}

function phoneInput(blockId: string, label: string, initial: string | null | undefined) {
  const element = Elements.TextInput({ actionId: VALUE, placeholder: '+1 415 555 0100', maxLength: MAX_PHONE_LENGTH });
  // Stored as E.164, shown as people read it; reading it back gives the same E.164.
  if (initial) element.initialValue(formatPhone(initial));
  return Blocks.Input({ label, blockId }).optional(true).element(element);
}

function privilegeBoxes(offered: PrivilegeName[], values: Privileges, hint?: string) {
  const option = ({ name, label, description }: (typeof PRIVILEGES)[number]) =>
    Bits.Option({ text: label, value: name, description });
  const shown = PRIVILEGES.filter(({ name }) => offered.includes(name));
  const checked = shown.filter(({ name }) => values[name]).map(option);
  const boxes = Elements.Checkboxes({ actionId: VALUE }).options(shown.map(option));
  if (checked.length) boxes.initialOptions(checked);
  const block = Blocks.Input({ label: 'Privileges', blockId: FORM_BLOCKS.privileges }).optional(true).element(boxes);
  return hint ? block.hint(hint) : block;
}

function profileBlocks(values: ProfileValues, choices: CompanyChoices) {
  return [
    textInput(FORM_BLOCKS.firstName, 'First name', values.firstName, MAX_NAME_LENGTH),
    textInput(FORM_BLOCKS.lastName, 'Last name', values.lastName, MAX_NAME_LENGTH),
    textInput(FORM_BLOCKS.title, 'Title', values.title, MAX_TITLE_LENGTH, true),
    phoneInput(FORM_BLOCKS.officePhone, 'Office number', values.officePhone),
    phoneInput(FORM_BLOCKS.mobilePhone, 'Cellular number', values.mobilePhone),
    phoneInput(FORM_BLOCKS.faxPhone, 'Fax number', values.faxPhone),
    companyPicker(choices, {
      blockId: FORM_BLOCKS.organizationId,
      label: 'Company',
      hint: 'Your own company, or a customer company under it.',
    }),
  ];
}

/** Who the user is in Slack (a users_select), and the box that says "no Slack account". */
function slackAccountBlocks(current: string | null, hint: string, noLink?: { text: string; description: string }) {
  const picker = Elements.UserSelect({ actionId: VALUE, placeholder: 'Choose their Slack account' });
  if (current) picker.initialUser(current);
  const blocks = [
    Blocks.Input({ label: 'Slack account', blockId: FORM_BLOCKS.slackUser }).optional(true).hint(hint).element(picker),
  ];
  if (!noLink) return blocks;
  const option = Bits.Option({ text: noLink.text, value: 'none', description: noLink.description });
  const box = Elements.Checkboxes({ actionId: VALUE }).options(option);
  return [
    ...blocks,
    Blocks.Input({ label: 'No Slack account', blockId: FORM_BLOCKS.noSlackLink }).optional(true).element(box),
  ];
}

function emailInput(initial: string | undefined, hint?: string) {
  const email = Elements.EmailInput({ actionId: VALUE, placeholder: 'name@example.com' });
  if (initial) email.initialValue(initial);
  const block = Blocks.Input({ label: 'Email (login)', blockId: FORM_BLOCKS.email }).element(email);
  return hint ? block.hint(hint) : block;
}

/** The portal's "create user" form as a Slack modal. */
export function addUserModal(input: { prefillEmail?: string } & CompanyChoices) {
  return Modal({ title: 'Add user', submit: 'Add user', close: 'Cancel', callbackId: ADD_USER_VIEW })
    .blocks(
      emailInput(input.prefillEmail),
      ...passwordChoiceBlocks('How will they get a password?'),
      ...profileBlocks({ privileges: { active: true, admin: false, portalAccess: false } }, input),
      privilegeBoxes(
        ['active', 'admin', 'portalAccess'],
        { active: true, admin: false, portalAccess: false },
        'Ticking Admin asks the approvers; the user is created without it until they approve.',
      ),
      ...slackAccountBlocks(
        null,
        'Leave it empty to link the member of this Slack workspace with the email above, if there is one. Linked, they can use Switchboard from Slack.',
        {
          text: 'Don’t link a Slack account',
          description: 'They can’t use Switchboard from Slack until someone links one.',
        },
      ),
    )
    .buildToObject();
}

/**
 * The "edit user" form, filled with the user's details. Admin is offered only to be removed: it
 * is granted by approval. `notice` says why the form was shown again (e.g. someone else changed
 * the user meanwhile).
 */
export function editUserModal(
  input: {
    userId: string;
    version: number;
    values: ProfileValues;
    notice?: string;
    /** Where the card it was opened from can be replaced with the saved values. */
    responseUrl?: string;
  } & CompanyChoices,
) {
  const { values } = input;
  const offered: PrivilegeName[] = values.privileges.admin
    ? ['active', 'admin', 'portalAccess']
    : ['active', 'portalAccess'];
  return Modal({
    title: 'Edit user',
    submit: 'Save',
    close: 'Cancel',
    callbackId: EDIT_USER_VIEW,
    privateMetaData: JSON.stringify({ id: input.userId, v: input.version, responseUrl: input.responseUrl }),
  })
    .blocks(
      ...(input.notice ? [Blocks.Section({ text: `:warning: ${escapeFit(input.notice, TEXT_LIMIT - 10)}` })] : []),
      emailInput(values.email, 'A new email becomes the login once its owner confirms it.'),
      ...profileBlocks(values, input),
      privilegeBoxes(
        offered,
        values.privileges,
        values.privileges.admin ? undefined : 'Admin rights are granted by approval.',
      ),
      ...slackAccountBlocks(
        values.slackUserId ?? null,
        'Who they are in Slack: linked, they can use Switchboard from Slack. Clear it to unlink.',
        values.slackUserId
          ? {
              text: 'Unlink the Slack account',
              description: 'They can’t use Switchboard from Slack until an admin links one again.',
            }
          : undefined,
      ),
    )
    .buildToObject();
}
