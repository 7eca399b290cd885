import type { App, ViewSubmitAction } from '@slack/bolt';
import { emailSchema } from '../../../core/users.rules.ts';
import { StaleUserError } from '../lifecycle/lifecycle.ts';
import { editUser } from './edit-user.ts';
import { actorOf } from '../../../slack/actor.ts';
import { EDIT_USER_VIEW, FORM_BLOCKS } from '../add/user-form.blocks.ts';
import { messageModal } from '../../../slack/modals.blocks.ts';
import type { SlackDeps } from '../../../slack/deps.ts';
import { editModalFor } from './edit-modal.slack.ts';
import { formOutOfDate, readTarget } from '../../../slack/metadata.ts';
import { readProfileForm } from '../add/read-user-form.slack.ts';
import { answerSubmission } from '../../../slack/answer-submission.ts';

/** Saving "Edit user": re-authorized, inline errors, a stale form shown again with the current values. */
export function register(app: App, { db, settings }: SlackDeps): void {
  app.view<ViewSubmitAction>(EDIT_USER_VIEW, ({ ack, view, context, client }) =>
    answerSubmission(
      ack,
      async () => {
        const target = readTarget(view.private_metadata);
        const form = readProfileForm(view);
        const owner = await slackUserWithEmail(client, form.email);
        const result = await editUser(db, settings, actorOf(context), target.id, target.v, form, owner);
        if (!result.pendingEmail || !result.changed.some((field) => field.startsWith('Email'))) return;
        const how = result.confirmationSent
          ? 'They got a direct message in Slack to confirm it.'
          : 'Nobody in this Slack workspace has that email, so they can’t confirm it here; you can cancel the change from the user’s card.';
        return {
          response_action: 'update',
          view: messageModal(
            'Saved',
            `Saved. ${result.pendingEmail} becomes the login of ${result.user.fullName} once its owner confirms it. ${how}`,
          ),
        };
      },
      {
        blocks: FORM_BLOCKS,
        fallback: FORM_BLOCKS.email,
        title: 'Can’t save',
        broken: formOutOfDate('from /users'),
        // A stale form comes back with the current values.
        viewFor: async (error) =>
          error instanceof StaleUserError
            ? editModalFor(db, actorOf(context), readTarget(view.private_metadata).id, error.message)
            : undefined,
      },
    ),
  );
}

/** The Slack member with this email, if any (to ask them to confirm a new login email). */
async function slackUserWithEmail(client: App['client'], typed: string): Promise<string | undefined> {
  const email = emailSchema.safeParse(typed);
  if (!email.success) return undefined;
  try {
    return (await client.users.lookupByEmail({ email: email.data })).user?.id;
  } catch {
    return undefined;
  }
}
