import type { App, ViewOutput } from '@slack/bolt';
import { NotAllowedError, ValidationError } from '../../domain/errors.ts';
import type { PrivilegeName } from '../../domain/privileges.ts';
import type { NewUserForm } from '../../domain/users.ts';
import { addUser } from '../../services/users.ts';
import { actorOf } from '../actor.ts';
import {
  ADD_USER_BLOCKS as B,
  ADD_USER_VIEW,
  COMPANY_ACTION,
  VALUE,
  messageModal,
} from '../blocks/add-user-modal.ts';
import type { SlackDeps } from '../deps.ts';
import { fieldErrorsToBlocks } from './field-errors.ts';

/** Reads the "Add user" modal as the form the service takes. Never trusts it for authority. */
export function readAddUserForm(view: ViewOutput): NewUserForm {
  const values = view.state.values;
  const text = (block: string) => values[block]?.[VALUE]?.value ?? '';
  const checked = new Set(
    (values[B.privileges]?.[VALUE]?.selected_options ?? []).map((option) => option.value as PrivilegeName),
  );
  return {
    email: text(B.email),
    password: text(B.password),
    passwordConfirmation: text(B.passwordConfirmation),
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

/** Submitting "Add user": re-authorized here, inline errors per field, closes on success. */
export function register(app: App, { db, settings }: SlackDeps): void {
  app.view(ADD_USER_VIEW, async ({ ack, view, context }) => {
    try {
      await addUser(db, settings, actorOf(context), readAddUserForm(view));
      await ack();
    } catch (error) {
      if (error instanceof ValidationError) {
        await ack({ response_action: 'errors', errors: fieldErrorsToBlocks(error.fields, B, B.email) });
      } else if (error instanceof NotAllowedError) {
        await ack({ response_action: 'update', view: messageModal('Can’t add user', error.message) });
      } else {
        throw error;
      }
    }
  });
}
