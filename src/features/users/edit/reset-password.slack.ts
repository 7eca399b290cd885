import type { ViewSubmitAction } from '@slack/bolt';
import type { Listeners } from '../../../slack/listeners.ts';
import { formatDistanceStrict } from 'date-fns/formatDistanceStrict';
import { resetPassword, type PasswordReset } from './reset-password.ts';
import { actorOf } from '../../../slack/actor.ts';
import { GENERATE_CHOICE, generatedPasswordModal, RESET_BLOCKS, RESET_PASSWORD_VIEW } from './reset-password.blocks.ts';
import { messageModal } from '../../../slack/modals.blocks.ts';
import type { SlackDeps } from '../../../slack/deps.ts';
import { formOutOfDate, readTarget } from '../../../slack/metadata.ts';
import { answerSubmission } from '../../../slack/answer-submission.ts';
import { validatePasswordChoice } from '../../../core/users.rules.ts';
import { ValidationError } from '../../../core/errors.ts';
import { readPasswordChoice } from '../read-password-choice.slack.ts';

/** What the form asks for: a link (anything unknown counts as a link), a generated password, or the typed one. */
function readReset(view: Parameters<typeof readPasswordChoice>[0]): PasswordReset {
  const { choice, password, passwordConfirmation } = readPasswordChoice(view);
  if (choice === GENERATE_CHOICE.value) {
    // A typed password is never dropped unseen.
    const typed = validatePasswordChoice('link', password, passwordConfirmation);
    if (!typed.ok) {
      throw new ValidationError({
        password: 'You chose to generate one: clear the password, or choose “Type one now”.',
      });
    }
    return { via: 'generate' };
  }
  if (choice === 'type') return { via: 'type', password, confirmation: passwordConfirmation };
  const checked = validatePasswordChoice('link', password, passwordConfirmation);
  if (!checked.ok) throw new ValidationError(checked.errors);
  return { via: 'link' };
}

/** Submitting "Reset password": a link (the default), a generated password shown once, or a typed one. */
export function register(app: Listeners, { db, settings }: SlackDeps): void {
  app.view<ViewSubmitAction>(RESET_PASSWORD_VIEW, ({ ack, view, context }) =>
    answerSubmission(
      ack,
      async () => {
        const target = readTarget(view.private_metadata);
        const result = await resetPassword(db, settings, actorOf(context), target.id, target.v, readReset(view));
        if (result.generated) {
          return { response_action: 'update', view: generatedPasswordModal(result.fullName, result.generated) };
        }
        const link = result.link;
        const said = link
          ? `A link to set a new password is on its way to ${result.fullName}, ${link.via === 'slack' ? `as a Slack DM (or by email to ${link.email} if Slack can't reach them)` : `by email to ${link.email}`}. It works once and expires ${formatDistanceStrict(link.expiresAt, new Date(), { addSuffix: true })}; their old password no longer works.`
          : `The password of ${result.fullName} was reset.`;
        return { response_action: 'update', view: messageModal('Password reset', said) };
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
