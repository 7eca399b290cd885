import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { Listeners } from '../../../slack/listeners.ts';
import { z } from 'zod';
import { ConflictError, NotAllowedError } from '../../../core/errors.ts';
import { showUser } from '../directory/directory.ts';
import { cancelEmailChange, confirmEmailChange } from './email-change.ts';
import { actorOf } from '../../../slack/actor.ts';
import { EMAIL_CONFIRM_ACTION } from '../../../slack/notices.blocks.ts';
import { resetPasswordModal } from './reset-password.blocks.ts';
import { notJoinedYet } from './reset-password.ts';
import { CANCEL_EMAIL_ACTION, EDIT_ACTION, RESET_PASSWORD_ACTION, userCardMessage } from '../card/user-card.blocks.ts';
import type { SlackDeps } from '../../../slack/deps.ts';
import { editModalFor } from './edit-modal.slack.ts';
import { escapeMrkdwn } from '../../../slack/mrkdwn.ts';
import { answerClick } from '../../../slack/answer-click.ts';
import { openFromClick } from '../../../slack/open-from-click.ts';
import { readPayload, readTarget } from '../../../slack/metadata.ts';

type Click = BlockAction<ButtonAction>;
const BROKEN = 'That button is broken; open the user again with /users.';
const confirmation = z.object({ id: z.string(), email: z.string() });

/** Edit, Reset password and Cancel email change on a user card; Confirm in the new email's owner's DM. */
export function register(app: Listeners, { db, settings }: SlackDeps): void {
  app.action<Click>(EDIT_ACTION, (args) =>
    openFromClick(
      args,
      () =>
        editModalFor(db, actorOf(args.context), readTarget(args.action.value).id, undefined, args.body.response_url),
      BROKEN,
    ),
  );

  app.action<Click>(RESET_PASSWORD_ACTION, (args) =>
    openFromClick(
      args,
      async () => {
        const card = await showUser(db, actorOf(args.context), readTarget(args.action.value).id);
        if (!card.canManage) throw new NotAllowedError('Resetting a password needs the Admin privilege.');
        if (card.invitation) {
          throw new ConflictError(notJoinedYet(card.fullName));
        }
        return resetPasswordModal({
          userId: card.id,
          version: card.version,
          fullName: card.fullName,
          email: card.email,
          slackUserId: card.slackUserId,
        });
      },
      BROKEN,
    ),
  );

  app.action<Click>(CANCEL_EMAIL_ACTION, (args) =>
    answerClick(
      args,
      async () => {
        const target = readTarget(args.action.value);
        const actor = actorOf(args.context);
        await cancelEmailChange(db, actor, target.id, target.v);
        return { replace: userCardMessage(await showUser(db, actor, target.id), 'The email change was cancelled.') };
      },
      BROKEN,
    ),
  );

  app.action<Click>(EMAIL_CONFIRM_ACTION, (args) =>
    answerClick(
      args,
      async () => {
        const request = readPayload(confirmation, args.action.value, 'email confirmation');
        // Slack says which email the person who clicked has; that is what proves ownership.
        const profile = await args.client.users.info({ user: args.body.user.id });
        const theirs = profile.user?.profile?.email ?? '';
        const changed = await confirmEmailChange(db, settings, request.id, request.email, theirs);
        return {
          replace: `Confirmed: ${escapeMrkdwn(changed.fullName)} now signs in to Switchboard as ${escapeMrkdwn(changed.email)}.`,
        };
      },
      BROKEN,
    ),
  );
}
