import type { ViewSubmitAction } from '@slack/bolt';
import type { Listeners } from '../../../slack/listeners.ts';
import { z } from 'zod';
import { requireCapability } from '../../../core/actors.ts';
import { StaleUserError } from '../lifecycle/lifecycle.ts';
import { editUser } from './edit-user.ts';
import { actorOf } from '../../../slack/actor.ts';
import { EDIT_USER_VIEW, FORM_BLOCKS } from '../add/user-form.blocks.ts';
import { messageModal } from '../../../slack/modals.blocks.ts';
import type { SlackDeps } from '../../../slack/deps.ts';
import { editModalFor } from './edit-modal.slack.ts';
import { formOutOfDate, readPayload } from '../../../slack/metadata.ts';
import { readProfileForm, readSlackChoice } from '../add/read-user-form.slack.ts';
import { answerSubmission } from '../../../slack/answer-submission.ts';
import { showUser } from '../directory/directory.ts';
import { slackLinkForEdit, slackMemberWithEmail } from '../link/slack-member.slack.ts';
import { MAX_RESPONSE_URL, tellEditSaved } from './edit-saved.slack.ts';

/** The Edit form's metadata: the user and version it shows, and the response_url of the card it was opened from. */
const editTarget = z.object({
  id: z.string(),
  v: z.number().int(),
  responseUrl: z.string().max(MAX_RESPONSE_URL).optional(),
});

/**
 * Saving "Edit user": re-authorized, inline errors, a stale form shown again with the current
 * values. Once saved, the form closes and the admin gets a private list of what changed, and the
 * card they opened it from shows the new values.
 */
export function register(app: Listeners, { db, settings }: SlackDeps): void {
  app.view<ViewSubmitAction>(EDIT_USER_VIEW, async ({ ack, view, context, client, body }) => {
    let saved: Awaited<ReturnType<typeof editUser>> | undefined;
    const actor = actorOf(context);
    const readTarget = () => readPayload(editTarget, view.private_metadata, 'user reference');
    await answerSubmission(
      ack,
      async () => {
        const target = readTarget();
        const form = readProfileForm(view);
        const choice = readSlackChoice(view);
        // Slack is asked before the transaction, and only for an admin (checked again inside it):
        // the chosen account, and the new login email's owner.
        await requireCapability(db, actor, 'manageUsers');
        const current = choice.picked === undefined ? null : (await showUser(db, actor, target.id)).slackUserId;
        const slack = await slackLinkForEdit(client, actor.slackTeamId, current, choice);
        const owner = await slackMemberWithEmail(client, form.email);
        saved = await editUser(db, settings, actor, {
          userId: target.id,
          version: target.v,
          form,
          emailOwnerSlackId: owner.slackUserId,
          slack,
        });
        const result = saved;
        if (!result.pendingEmail || !result.changed.some((field) => field.startsWith('Email'))) return;
        const how = result.confirmationSent
          ? 'They got a direct message in Slack to confirm it.'
          : owner.asked
            ? 'Nobody in this Slack workspace has that email, so they can’t confirm it here; you can cancel the change from the user’s card.'
            : 'Slack could not be asked just now who has that email, so nobody was asked to confirm it in Slack; you can cancel the change from the user’s card.';
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
        viewFor: async (error) => {
          if (!(error instanceof StaleUserError)) return undefined;
          const target = readTarget();
          return editModalFor(db, actor, target.id, error.message, target.responseUrl);
        },
      },
    );
    // Also when nothing had changed: the admin is told so, rather than left wondering.
    if (saved)
      await tellEditSaved({ client, db, actor, person: body.user.id, responseUrl: readTarget().responseUrl }, saved);
  });
}
