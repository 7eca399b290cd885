import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Listeners } from '../../slack/listeners.ts';
import { MAX_INVITE_ROWS } from './invitations.rules.ts';
import { acceptInSlack, declineInSlack } from './invitation-acceptance.ts';
import { cancelImport, ImportFailedError, runStagedImport } from './invitation-staging.ts';
import { listInvitations, resendInvitation, revokeInvitation } from './invitations.ts';
import type { ActorRef } from '../../core/actors.ts';
import { actorOf } from '../../slack/actor.ts';
import { INVITATION_ACCEPT_ACTION, INVITATION_DECLINE_ACTION } from './invitation-notices.blocks.ts';
import { INVITE_ADD_ROW_ACTION } from './invite-form.blocks.ts';
import { readInviteForm, rowCountOf } from './read-invite-form.slack.ts';
import {
  IMPORT_ACTION,
  IMPORT_CANCEL_ACTION,
  importDoneMessage,
  importFailedMessage,
  importProgressMessage,
  INVITATION_RESEND_ACTION,
  INVITATION_REVOKE_ACTION,
  INVITES_PAGE_ACTION,
  INVITES_PAGE_SIZE,
  invitesMessage,
  type InvitesPlace,
} from './invitations.blocks.ts';
import type { SlackDeps } from '../../slack/deps.ts';
import { FIRST_ROW, inviteModalFor } from './invite-modal.slack.ts';
import { escapeMrkdwn, slackDate } from '../../slack/mrkdwn.ts';
import { answerClick } from '../../slack/answer-click.ts';
import { BrokenPayload, readPayload } from '../../slack/metadata.ts';
import { z } from 'zod';
import { isAre, plural } from '../../core/words.rules.ts';

type Click = BlockAction<ButtonAction>;
type ClickArgs = SlackActionMiddlewareArgs<Click> & AllMiddlewareArgs;
/** Progress edits of one message at most this often (Slack allows about one per second). */
const PROGRESS_EVERY_MS = 1_500;

/** "+ Add more", Import / Cancel of a file, Accept / Decline of an invitation, Re-send / Revoke. */
export function register(app: Listeners, { db, settings }: SlackDeps): void {
  app.action<Click>(INVITE_ADD_ROW_ACTION, (args) =>
    answerClick(args, async () => {
      const view = args.body.view;
      if (!view) throw new BrokenPayload('click outside the invitation form');
      const form = readInviteForm(view.state.values as never, rowCountOf(view.private_metadata));
      const rows = [...form.rows, FIRST_ROW].slice(0, MAX_INVITE_ROWS);
      await args.client.views.update({
        view_id: view.id,
        hash: view.hash,
        view: await inviteModalFor(db, actorOf(args.context), { rows, product: form.product }),
      });
    }),
  );

  app.action<Click>(IMPORT_ACTION, (args) =>
    answerClick(args, async () => {
      const { body, client } = args;
      const where = { channel: body.container.channel_id as string, ts: body.container.message_ts as string };
      const show = (message: { text: string; blocks: unknown[] }) =>
        client.chat.update({ ...where, text: message.text, blocks: message.blocks as never });
      let lastShown = 0;
      // The import's transaction does not wait for Slack: a progress edit goes out while the import
      // goes on, and the outcome is shown only after it, so a late progress edit can't replace it.
      let progressShown: Promise<unknown> = Promise.resolve();
      try {
        const result = await runStagedImport(
          db,
          settings,
          actorOf(args.context),
          args.action.value ?? '',
          (progress) => {
            if (Date.now() - lastShown < PROGRESS_EVERY_MS || progress.rowsDone === progress.rows) return;
            lastShown = Date.now();
            // Progress is a courtesy: a failed edit must not fail the import.
            progressShown = progressShown
              .then(() => show(importProgressMessage(progress.fileName, progress.rowsDone, progress.rows)))
              .catch(() => undefined);
          },
        );
        await progressShown;
        await show(importDoneMessage(result.fileName, result));
      } catch (error) {
        if (!(error instanceof ImportFailedError)) throw error;
        await progressShown;
        await show(importFailedMessage(error.fileName, error.message));
      }
    }),
  );

  app.action<Click>(IMPORT_CANCEL_ACTION, (args) =>
    answerClick(args, async () => {
      await cancelImport(db, actorOf(args.context), args.action.value ?? '');
      return { replace: 'Cancelled: nothing was imported.' };
    }),
  );

  app.action<Click>(INVITATION_ACCEPT_ACTION, (args) =>
    answerClick(args, async () => {
      const { body, client } = args;
      // The name is a courtesy: without it the user is still linked (and can edit it later).
      const profile = (await client.users.info({ user: body.user.id }).catch(() => undefined))?.user?.profile;
      const [first = '', ...rest] = (profile?.real_name ?? '').split(' ');
      const joined = await acceptInSlack(db, settings, args.action.value ?? '', {
        teamId: body.user.team_id ?? body.team?.id ?? '',
        userId: body.user.id,
        firstName: profile?.first_name || first,
        lastName: profile?.last_name || rest.join(' '),
      });
      return {
        replace: `:tada: Welcome to ${escapeMrkdwn(joined.company)}: your Switchboard user ${escapeMrkdwn(joined.email)} is active and linked to this Slack account.`,
      };
    }),
  );

  app.action<Click>(INVITATION_DECLINE_ACTION, (args) =>
    answerClick(args, async () => {
      const declined = await declineInSlack(db, settings, args.action.value ?? '', {
        teamId: args.body.user.team_id ?? args.body.team?.id ?? '',
        userId: args.body.user.id,
      });
      return { replace: `You declined the invitation to ${escapeMrkdwn(declined.company)}.` };
    }),
  );

  /**
   * Re-send and Revoke. On an `/invites` page (the button carries the list it is in) the page is
   * shown again as it is now, with what was done above it; on the card, the outcome privately.
   */
  const onInvitation =
    <T>(
      change: (db: SlackDeps['db'], settings: SlackDeps['settings'], ref: ActorRef, userId: string) => Promise<T>,
      say: (outcome: T) => string,
    ) =>
    (args: ClickArgs) =>
      answerClick(args, async () => {
        const actor = actorOf(args.context);
        const place = readPlace(args.action.value);
        const done = say(await change(db, settings, actor, place?.id ?? args.action.value ?? ''));
        if (!place) return done;
        return { replace: await invitesPage(actor, place, done) };
      });

  /** The page of the list a button was in; the one before when it is empty now (its last one was revoked). */
  const invitesPage = async (actor: ActorRef, place: InvitesPlace, note?: string) => {
    const list = await listInvitations(db, actor, place.s, INVITES_PAGE_SIZE, place.o);
    if (list.lines.length || place.o === 0) return invitesMessage(list, place.s, note);
    const before = Math.max(0, Math.min(place.o, list.total) - INVITES_PAGE_SIZE);
    return invitesMessage(await listInvitations(db, actor, place.s, INVITES_PAGE_SIZE, before), place.s, note);
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
        `The invitation of ${escapeMrkdwn(revoked.email)} is revoked: its link no longer works${revoked.seatsFreed ? ` and ${plural(revoked.seatsFreed, 'seat')} ${isAre(revoked.seatsFreed)} free again` : ''}. They stay listed.`,
    ),
  );

  app.action<Click>(new RegExp(`^${INVITES_PAGE_ACTION}_`), (args) =>
    answerClick(
      args,
      async () => {
        const place = readPlace(args.action.value);
        if (!place) throw new BrokenPayload('invitations page');
        return { replace: await invitesPage(actorOf(args.context), place) };
      },
      'That page link is not valid any more; run /invites again.',
    ),
  );
}

const invitesPlace = z.object({
  id: z.string().optional(),
  s: z.string().max(2000),
  o: z.number().int().min(0).max(1_000_000),
});

/**
 * The `/invites` page a button was in (JSON), or undefined for a button that carries only the
 * user's id (the card's). Anything else is a broken button.
 */
function readPlace(value: string | undefined): InvitesPlace | undefined {
  if (!value?.startsWith('{')) return undefined;
  return readPayload(invitesPlace, value, 'invitations page');
}
