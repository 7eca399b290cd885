import type { App } from '@slack/bolt';
import { ValidationError } from '../../domain/errors.ts';
import { resetPassword } from '../../services/profile.ts';
import { actorOf } from '../actor.ts';
import { generatedPasswordModal, RESET_BLOCKS, RESET_PASSWORD_VIEW } from '../blocks/reset-password-modal.ts';
import { messageModal, VALUE } from '../blocks/user-form.ts';
import type { SlackDeps } from '../deps.ts';
import { refusalMessage } from '../respond-error.ts';
import { fieldErrorsToBlocks } from './field-errors.ts';
import { readTarget } from './metadata.ts';

/** Submitting "Reset password": a typed password, or a generated one shown once to this admin. */
export function register(app: App, { db, settings }: SlackDeps): void {
  app.view(RESET_PASSWORD_VIEW, async ({ ack, view, context }) => {
    const target = readTarget(view.private_metadata);
    if (!target) {
      await ack({
        response_action: 'update',
        view: messageModal('Can’t reset', 'This form is broken; open the user again with /users.'),
      });
      return;
    }
    const values = view.state.values;
    const typed = (block: string) => values[block]?.[VALUE]?.value ?? '';
    const generate = (values[RESET_BLOCKS.generate]?.[VALUE]?.selected_options ?? []).length > 0;
    if (!generate && !typed(RESET_BLOCKS.password)) {
      await ack({
        response_action: 'errors',
        errors: { [RESET_BLOCKS.password]: 'Type a new password twice, or tick “Generate a password”.' },
      });
      return;
    }
    try {
      const reset = generate
        ? ({ generate: true } as const)
        : {
            generate: false as const,
            password: typed(RESET_BLOCKS.password),
            confirmation: typed(RESET_BLOCKS.passwordConfirmation),
          };
      const result = await resetPassword(db, settings, actorOf(context), target.id, target.v, reset);
      if (result.generated) {
        await ack({ response_action: 'update', view: generatedPasswordModal(result.fullName, result.generated) });
      } else {
        await ack({
          response_action: 'update',
          view: messageModal('Password reset', `The password of ${result.fullName} was reset.`),
        });
      }
    } catch (error) {
      if (error instanceof ValidationError) {
        await ack({
          response_action: 'errors',
          errors: fieldErrorsToBlocks(error.fields, RESET_BLOCKS, RESET_BLOCKS.password),
        });
        return;
      }
      const text = refusalMessage(error);
      if (!text) throw error;
      await ack({ response_action: 'update', view: messageModal('Can’t reset', text) });
    }
  });
}
