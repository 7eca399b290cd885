import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { NotAllowedError } from '../../../core/errors.ts';
import { showUser } from '../directory/directory.ts';
import { cancelEmailChange, confirmEmailChange } from './profile.ts';
import { actorOf } from '../../../slack/actor.ts';
import { EMAIL_CONFIRM_ACTION } from '../../../slack/notices.blocks.ts';
import { resetPasswordModal } from './reset-password.blocks.ts';
import { CANCEL_EMAIL_ACTION, EDIT_ACTION, RESET_PASSWORD_ACTION, userCardMessage } from '../card/user-card.blocks.ts';
import type { SlackDeps } from '../../../slack/deps.ts';
import { editModalFor } from './edit-modal.slack.ts';
import { escapeMrkdwn } from '../../../slack/mrkdwn.ts';
import { openFromClick } from '../../../slack/open-from-click.ts';
import { refusalText } from '../../../slack/respond-error.ts';
import { readTarget, safeJson } from '../../../slack/metadata.ts';

type Click = BlockAction<ButtonAction>;
const BROKEN = 'That button is broken; open the user again with /users.';
const confirmation = z.object({ id: z.string(), email: z.string() });

/** Edit, Reset password and Cancel email change on a user card; Confirm in the new email's owner's DM. */
export function register(app: App, { db, settings }: SlackDeps): void {
  app.action<Click>(EDIT_ACTION, async ({ ack, action, body, context, client, respond, logger }) => {
    await ack();
    await openFromClick(
      { client, respond, logger, triggerId: body.trigger_id },
      async () => {
        const target = readTarget(action.value);
        if (!target) throw new Error(BROKEN);
        return editModalFor(db, actorOf(context), target.id);
      },
      BROKEN,
    );
  });

  app.action<Click>(RESET_PASSWORD_ACTION, async ({ ack, action, body, context, client, respond, logger }) => {
    await ack();
    await openFromClick(
      { client, respond, logger, triggerId: body.trigger_id },
      async () => {
        const target = readTarget(action.value);
        if (!target) throw new Error(BROKEN);
        const card = await showUser(db, actorOf(context), target.id);
        if (!card.canManage) throw new NotAllowedError('Resetting a password needs the Admin privilege.');
        return resetPasswordModal({ userId: card.id, version: card.version, fullName: card.fullName });
      },
      BROKEN,
    );
  });

  app.action<Click>(CANCEL_EMAIL_ACTION, async ({ ack, action, context, respond }) => {
    await ack();
    const target = readTarget(action.value);
    const actor = actorOf(context);
    try {
      if (!target) throw new Error(BROKEN);
      await cancelEmailChange(db, actor, target.id, target.v);
      const card = await showUser(db, actor, target.id);
      await respond({ replace_original: true, ...userCardMessage(card, 'The email change was cancelled.') });
    } catch (error) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: refusalText(error) ?? BROKEN });
    }
  });

  app.action<Click>(EMAIL_CONFIRM_ACTION, async ({ ack, action, body, client, respond }) => {
    await ack();
    const request = confirmation.safeParse(safeJson(action.value));
    try {
      if (!request.success) throw new Error(BROKEN);
      // Slack says which email the person who clicked has; that is what proves ownership.
      const profile = await client.users.info({ user: body.user.id });
      const theirs = profile.user?.profile?.email ?? '';
      const changed = await confirmEmailChange(db, settings, request.data.id, request.data.email, theirs);
      await respond({
        replace_original: true,
        text: `Confirmed: ${escapeMrkdwn(changed.fullName)} now signs in to Switchboard as ${escapeMrkdwn(changed.email)}.`,
      });
    } catch (error) {
      await respond({ replace_original: false, text: refusalText(error) ?? BROKEN });
    }
  });
}
