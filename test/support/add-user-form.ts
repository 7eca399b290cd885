import type { StateValues } from './slack-requests.ts';

export interface AddUserFields {
  email?: string;
  password?: string;
  passwordConfirmation?: string;
  firstName?: string;
  lastName?: string;
  title?: string;
  officePhone?: string;
  mobilePhone?: string;
  faxPhone?: string;
  organizationId: string;
  privileges?: ('active' | 'admin' | 'portalAccess')[];
}

const text = (value: string | undefined) => ({ value: { type: 'plain_text_input', value: value ?? null } });

/** The view_submission state Slack sends for the "Add user" modal filled with `fields`. */
export function addUserValues(fields: AddUserFields): StateValues {
  return {
    email: { value: { type: 'email_text_input', value: fields.email ?? null } },
    password: text(fields.password),
    passwordConfirmation: text(fields.passwordConfirmation ?? fields.password),
    firstName: text(fields.firstName),
    lastName: text(fields.lastName),
    title: text(fields.title),
    officePhone: text(fields.officePhone),
    mobilePhone: text(fields.mobilePhone),
    faxPhone: text(fields.faxPhone),
    organizationId: {
      company: {
        type: 'static_select',
        selected_option: { text: { type: 'plain_text', text: 'x' }, value: fields.organizationId },
      },
    },
    privileges: {
      value: {
        type: 'checkboxes',
        selected_options: (fields.privileges ?? ['active']).map((value) => ({
          text: { type: 'plain_text', text: value },
          value,
        })),
      },
    },
  };
}

export const validAda = (organizationId: string): AddUserFields => ({
  email: 'Ada.Lovelace@Example.com',
  password: 'analytical-engine',
  firstName: 'Ada',
  lastName: 'Lovelace',
  title: 'Engineer',
  officePhone: '(415) 555-0100',
  mobilePhone: '+44 20 7946 0958',
  organizationId,
  privileges: ['active', 'portalAccess'],
});
