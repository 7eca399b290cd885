import type { App, ViewSubmitAction } from '@slack/bolt';
import { addUser } from './add-user.ts';
import { actorOf } from '../../../slack/actor.ts';
import { ADD_USER_VIEW, FORM_BLOCKS } from './user-form.blocks.ts';
import type { SlackDeps } from '../../../slack/deps.ts';
import { readNewUserForm, readSlackChoice } from './read-user-form.slack.ts';
import { slackLinkForNewUser } from '../link/slack-member.slack.ts';
import { answerSubmission } from '../../../slack/answer-submission.ts';

/** Submitting "Add user": re-authorized here, inline errors per field, closes on success. */
export function register(app: App, { db, settings }: SlackDeps): void {
  app.view<ViewSubmitAction>(ADD_USER_VIEW, ({ ack, view, context, client }) =>
    answerSubmission(
      ack,
      async () => {
        const actor = actorOf(context);
        const form = readNewUserForm(view);
        // Slack is asked before the transaction: which account to link, if any.
        const slack = await slackLinkForNewUser(client, actor.slackTeamId, form.email, readSlackChoice(view));
        await addUser(db, settings, actor, form, slack);
      },
      { blocks: FORM_BLOCKS, fallback: FORM_BLOCKS.email, title: 'Can’t add user' },
    ),
  );
}
