import type { ViewSubmitAction } from '@slack/bolt';
import type { Listeners } from '../../../slack/listeners.ts';
import { addUser } from './add-user.ts';
import { requireCapability } from '../../../core/actors.ts';
import { actorOf } from '../../../slack/actor.ts';
import { ADD_USER_VIEW, FORM_BLOCKS } from './user-form.blocks.ts';
import type { SlackDeps } from '../../../slack/deps.ts';
import { readNewUserForm, readSlackChoice } from './read-user-form.slack.ts';
import { slackLinkForNewUser } from '../link/slack-member.slack.ts';
import { answerSubmission } from '../../../slack/answer-submission.ts';

/** Submitting "Add user": re-authorized here, inline errors per field, closes on success. */
export function register(app: Listeners, { db, settings }: SlackDeps): void {
  app.view<ViewSubmitAction>(ADD_USER_VIEW, ({ ack, view, context, client }) =>
    answerSubmission(
      ack,
      async () => {
        const actor = actorOf(context);
        const form = readNewUserForm(view);
        // Slack is asked before the transaction, and only for an admin (checked again inside it):
        // which account to link, if any.
        await requireCapability(db, actor, 'manageUsers');
        const slack = await slackLinkForNewUser(client, actor.slackTeamId, form.email, readSlackChoice(view));
        await addUser(db, settings, actor, form, slack);
      },
      // A form opened before a field existed lacks its block: that field's error goes on the email.
      { blocks: blocksIn(view), fallback: FORM_BLOCKS.email, title: 'Can’t add user' },
    ),
  );
}

/** The form's fields whose input block the submitted view has (Slack sends every input block). */
function blocksIn(view: ViewSubmitAction['view']): Partial<typeof FORM_BLOCKS> {
  return Object.fromEntries(Object.entries(FORM_BLOCKS).filter(([, block]) => block in view.state.values));
}
