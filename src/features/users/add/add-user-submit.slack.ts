import type { App, ViewSubmitAction } from '@slack/bolt';
import { addUser } from './add-user.ts';
import { actorOf } from '../../../slack/actor.ts';
import { ADD_USER_VIEW, FORM_BLOCKS } from './user-form.blocks.ts';
import type { SlackDeps } from '../../../slack/deps.ts';
import { readNewUserForm } from './read-user-form.slack.ts';
import { answerSubmission } from '../../../slack/answer-submission.ts';

/** Submitting "Add user": re-authorized here, inline errors per field, closes on success. */
export function register(app: App, { db, settings }: SlackDeps): void {
  app.view<ViewSubmitAction>(ADD_USER_VIEW, ({ ack, view, context }) =>
    answerSubmission(
      ack,
      async () => {
        await addUser(db, settings, actorOf(context), readNewUserForm(view));
      },
      { blocks: FORM_BLOCKS, fallback: FORM_BLOCKS.email, title: 'Can’t add user' },
    ),
  );
}
