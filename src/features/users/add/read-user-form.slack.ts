import type { ViewOutput } from '@slack/bolt';
import type { PrivilegeName } from '../../../core/privileges.rules.ts';
import type { NewUserForm, ProfileForm } from '../../../core/users.rules.ts';
import { COMPANY_ACTION } from '../../companies/index.ts';
import { FORM_BLOCKS as B } from './user-form.blocks.ts';
import { VALUE } from '../../../slack/modals.blocks.ts';
import { readPasswordChoice } from '../read-password-choice.slack.ts';
import type { SlackChoice } from '../link/slack-link.rules.ts';

/** Reads a user form's details as the services take them. Never trusted for authority. */
export function readProfileForm(view: ViewOutput): ProfileForm {
  const values = view.state.values;
  const text = (block: string) => values[block]?.[VALUE]?.value ?? '';
  const checked = new Set(
    (values[B.privileges]?.[VALUE]?.selected_options ?? []).map((option) => option.value as PrivilegeName),
  );
  return {
    email: text(B.email),
    firstName: text(B.firstName),
    lastName: text(B.lastName),
    title: text(B.title),
    officePhone: text(B.officePhone),
    mobilePhone: text(B.mobilePhone),
    faxPhone: text(B.faxPhone),
    organizationId: values[B.organizationId]?.[COMPANY_ACTION]?.selected_option?.value ?? '',
    privileges: {
      active: checked.has('active'),
      admin: checked.has('admin'),
      portalAccess: checked.has('portalAccess'),
    },
  };
}

/** Reads the "Add user" modal: the details, how they get a password, and the password typed twice. */
export function readNewUserForm(view: ViewOutput): NewUserForm {
  const { choice, password, passwordConfirmation } = readPasswordChoice(view);
  return {
    ...readProfileForm(view),
    passwordChoice: choice === 'type' ? 'type' : 'link',
    password,
    passwordConfirmation,
  };
}

/** What a user form says about the Slack account (see SlackChoice). */
export function readSlackChoice(view: ViewOutput): SlackChoice {
  const values = view.state.values;
  const picker = values[B.slackUser]?.[VALUE];
  return {
    picked: picker === undefined ? undefined : (picker.selected_user ?? null),
    none: (values[B.noSlackLink]?.[VALUE]?.selected_options ?? []).length > 0,
  };
}
