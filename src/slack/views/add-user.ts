import type { App } from '@slack/bolt';
import { NotAllowedError, ValidationError } from '../../domain/errors.ts';
import { addUser } from '../../services/users.ts';
import { actorOf } from '../actor.ts';
import { ADD_USER_VIEW, FORM_BLOCKS, messageModal } from '../blocks/user-form.ts';
import type { SlackDeps } from '../deps.ts';
import { fieldErrorsToBlocks } from './field-errors.ts';
import { readNewUserForm } from './read-user-form.ts';

/** Submitting "Add user": re-authorized here, inline errors per field, closes on success. */
export function register(app: App, { db, settings }: SlackDeps): void {
  app.view(ADD_USER_VIEW, async ({ ack, view, context }) => {
    try {
      await addUser(db, settings, actorOf(context), readNewUserForm(view));
      await ack();
    } catch (error) {
      if (error instanceof ValidationError) {
        await ack({
          response_action: 'errors',
          errors: fieldErrorsToBlocks(error.fields, FORM_BLOCKS, FORM_BLOCKS.email),
        });
      } else if (error instanceof NotAllowedError) {
        await ack({ response_action: 'update', view: messageModal('Can’t add user', error.message) });
      } else {
        throw error;
      }
    }
  });
}
