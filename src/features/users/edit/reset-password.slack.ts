import type { App, ViewSubmitAction } from '@slack/bolt';
import { ValidationError } from '../../../core/errors.ts';
import { resetPassword } from './reset-password.ts';
import { actorOf } from '../../../slack/actor.ts';
import { generatedPasswordModal, RESET_BLOCKS, RESET_PASSWORD_VIEW } from './reset-password.blocks.ts';
import { messageModal, VALUE } from '../../../slack/modals.blocks.ts';
import type { SlackDeps } from '../../../slack/deps.ts';
import { formOutOfDate, readTarget } from '../../../slack/metadata.ts';
import { answerSubmission } from '../../../slack/answer-submission.ts';

/** Submitting "Reset password": a typed password, or a generated one shown once to this admin. */
export function register(app: App, { db, settings }: SlackDeps): void {
  app.view<ViewSubmitAction>(RESET_PASSWORD_VIEW, ({ ack, view, context }) =>
    answerSubmission(
      ack,
      async () => {
        const target = readTarget(view.private_metadata);
        const values = view.state.values;
        const typed = (block: string) => values[block]?.[VALUE]?.value ?? '';
        const generate = (values[RESET_BLOCKS.generate]?.[VALUE]?.selected_options ?? []).length > 0;
        if (!generate && !typed(RESET_BLOCKS.password)) {
          throw new ValidationError({ password: 'Type a new password twice, or tick “Generate a password”.' });
        }
        const reset = generate
          ? ({ generate: true } as const)
          : {
              generate: false as const,
              password: typed(RESET_BLOCKS.password),
              confirmation: typed(RESET_BLOCKS.passwordConfirmation),
            };
        const result = await resetPassword(db, settings, actorOf(context), target.id, target.v, reset);
        const next = result.generated
          ? generatedPasswordModal(result.fullName, result.generated)
          : messageModal('Password reset', `The password of ${result.fullName} was reset.`);
        return { response_action: 'update', view: next };
      },
      {
        blocks: RESET_BLOCKS,
        fallback: RESET_BLOCKS.password,
        title: 'Can’t reset',
        broken: formOutOfDate('from /users'),
      },
    ),
  );
}
