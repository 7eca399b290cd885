import type { StateValues } from './slack-requests.ts';

export interface AddUserFields {
  email?: string;
  /** How they get a password; "type" when a password is given, else "link" (the form's default). */
  passwordChoice?: 'link' | 'type';
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
  /**
   * The Slack account chosen (null: none). Left out, the form is sent without the Slack fields, as
   * one opened before they existed (Edit then leaves the link as it is).
   */
  slackUser?: string | null;
  /** "Don't link a Slack account" (Add) or "Unlink the Slack account" (Edit) ticked. */
  noSlackLink?: boolean;
}

const text = (value: string | undefined) => ({ value: { type: 'plain_text_input', value: value ?? null } });

/** The view_submission state Slack sends for the "Add user" modal filled with `fields`. */
export function addUserValues(fields: AddUserFields): StateValues {
  return {
    email: { value: { type: 'email_text_input', value: fields.email ?? null } },
    passwordChoice: {
      value: {
        type: 'radio_buttons',
        selected_option: { value: fields.passwordChoice ?? (fields.password === undefined ? 'link' : 'type') },
      },
    },
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
    ...slackFields(fields),
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

/** The Slack account fields, as Slack sends them (every input block, an empty picker as null). */
function slackFields(fields: AddUserFields): StateValues {
  if (fields.slackUser === undefined && fields.noSlackLink === undefined) return {};
  return {
    slackUser: { value: { type: 'users_select', selected_user: fields.slackUser ?? null } },
    noSlackLink: {
      value: {
        type: 'checkboxes',
        selected_options: fields.noSlackLink ? [{ text: { type: 'plain_text', text: 'none' }, value: 'none' }] : [],
      },
    },
  };
}
