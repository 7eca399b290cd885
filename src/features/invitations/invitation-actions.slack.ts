import type { App, BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { MAX_INVITE_ROWS } from './invitations.rules.ts';
import { acceptInSlack, declineInSlack } from './invitation-acceptance.ts';
import { cancelImport, ImportFailedError, runStagedImport } from './invitation-import.ts';
import { resendInvitation, revokeInvitation } from './invitations.ts';
import type { ActorRef } from '../../core/actors.ts';
import { actorOf } from '../../slack/actor.ts';
import { INVITATION_ACCEPT_ACTION, INVITATION_DECLINE_ACTION } from './invitation-notices.blocks.ts';
import { INVITE_ADD_ROW_ACTION, readInviteForm, rowCountOf } from './invite-form.blocks.ts';
import {
  IMPORT_ACTION,
  IMPORT_CANCEL_ACTION,
  importDoneMessage,
  importFailedMessage,
  importProgressMessage,
  INVITATION_RESEND_ACTION,
  INVITATION_REVOKE_ACTION,
} from './invitations.blocks.ts';
import type { SlackDeps } from '../../slack/deps.ts';
import { FIRST_ROW, inviteModalFor } from './invite-modal.slack.ts';
import { escapeMrkdwn, slackDate } from '../../slack/mrkdwn.ts';
import { refusalText } from '../../slack/respond-error.ts';

type Click = BlockAction<ButtonAction>;
/** Progress edits of one message at most this often (Slack allows about one per second). */
const PROGRESS_EVERY_MS = 1_500;

/** "+ Add more", Import / Cancel of a file, Accept / Decline of an invitation, Re-send / Revoke. */
export function register(app: App, { db, settings }: SlackDeps): void {
  app.action<Click>(INVITE_ADD_ROW_ACTION, async ({ ack, body, context, client }) => {
    await ack();
    const view = body.view;
    if (!view) return;
    const form = readInviteForm(view.state.values as never, rowCountOf(view.private_metadata));
    const rows = [...form.rows, FIRST_ROW].slice(0, MAX_INVITE_ROWS);
    await client.views.update({
      view_id: view.id,
      hash: view.hash,
      view: await inviteModalFor(db, actorOf(context), { rows, product: form.product }),
    });
  });

  app.action<Click>(IMPORT_ACTION, async ({ ack, action, body, context, client, respond }) => {
    await ack();
    const where = { channel: body.container.channel_id as string, ts: body.container.message_ts as string };
    const show = (message: { text: string; blocks: unknown[] }) =>
      client.chat.update({ ...where, text: message.text, blocks: message.blocks as never });
    let lastShown = 0;
    try {
      const result = await runStagedImport(db, settings, actorOf(context), action.value ?? '', async (progress) => {
        if (Date.now() - lastShown < PROGRESS_EVERY_MS || progress.rowsDone === progress.rows) return;
        lastShown = Date.now();
        // Progress is a courtesy: a failed edit must not fail the import.
        await show(importProgressMessage(progress.fileName, progress.rowsDone, progress.rows)).catch(() => undefined);
      });
      await show(importDoneMessage(result.fileName, result));
    } catch (error) {
      if (error instanceof ImportFailedError)
        return void (await show(importFailedMessage(error.fileName, error.message)));
      const text = refusalText(error);
      if (text === undefined) throw error;
      await respond({ response_type: 'ephemeral', replace_original: false, text });
    }
  });

  app.action<Click>(IMPORT_CANCEL_ACTION, async ({ ack, action, context, respond }) => {
    await ack();
    try {
      await cancelImport(db, actorOf(context), action.value ?? '');
      await respond({ replace_original: true, text: 'Cancelled: nothing was imported.' });
    } catch (error) {
      await respond({ replace_original: false, text: refusalText(error) ?? 'That button is broken.' });
    }
  });

  app.action<Click>(INVITATION_ACCEPT_ACTION, async ({ ack, action, body, client, respond }) => {
    await ack();
    try {
      // The name is a courtesy: without it the user is still linked (and can edit it later).
      const profile = (await client.users.info({ user: body.user.id }).catch(() => undefined))?.user?.profile;
      const [first = '', ...rest] = (profile?.real_name ?? '').split(' ');
      const joined = await acceptInSlack(db, settings, action.value ?? '', {
        teamId: body.user.team_id ?? body.team?.id ?? '',
        userId: body.user.id,
        firstName: profile?.first_name || first,
        lastName: profile?.last_name || rest.join(' '),
      });
      await respond({
        replace_original: true,
        text: `:tada: Welcome to ${escapeMrkdwn(joined.company)}: your Switchboard user ${escapeMrkdwn(joined.email)} is active and linked to this Slack account.`,
      });
    } catch (error) {
      await respond({ replace_original: false, text: refusalText(error) ?? 'That button is broken.' });
    }
  });

  app.action<Click>(INVITATION_DECLINE_ACTION, async ({ ack, action, body, respond }) => {
    await ack();
    try {
      const declined = await declineInSlack(db, settings, action.value ?? '', {
        teamId: body.user.team_id ?? body.team?.id ?? '',
        userId: body.user.id,
      });
      await respond({
        replace_original: true,
        text: `You declined the invitation to ${escapeMrkdwn(declined.company)}.`,
      });
    } catch (error) {
      await respond({ replace_original: false, text: refusalText(error) ?? 'That button is broken.' });
    }
  });

  /** Re-send and Revoke (on /invites and the card): the service's outcome, privately. */
  const onInvitation =
    <T>(
      change: (db: SlackDeps['db'], settings: SlackDeps['settings'], ref: ActorRef, userId: string) => Promise<T>,
      say: (outcome: T) => string,
    ): Middleware<SlackActionMiddlewareArgs<Click>> =>
    async ({ ack, action, context, respond }) => {
      await ack();
      let text: string;
      try {
        text = say(await change(db, settings, actorOf(context), action.value ?? ''));
      } catch (error) {
        text = refusalText(error) ?? 'That button is broken.';
      }
      await respond({ replace_original: false, response_type: 'ephemeral', text });
    };
  app.action<Click>(
    INVITATION_RESEND_ACTION,
    onInvitation(
      resendInvitation,
      (sent) =>
        `A new invitation to ${escapeMrkdwn(sent.email)} is on its way; the old link no longer works. It expires ${slackDate(sent.expiresAt)}.`,
    ),
  );
  app.action<Click>(
    INVITATION_REVOKE_ACTION,
    onInvitation(
      revokeInvitation,
      (revoked) =>
        `The invitation of ${escapeMrkdwn(revoked.email)} is revoked: its link no longer works${revoked.seatsFreed ? ` and ${revoked.seatsFreed} seat(s) are free again` : ''}. They stay listed.`,
    ),
  );
}
