import type { App } from '@slack/bolt';
import { emailSchema } from '../../domain/users.ts';
import { listInvitations } from '../../services/invitations.ts';
import { actorOf } from '../actor.ts';
import { invitesMessage } from '../blocks/invitations.ts';
import type { SlackDeps } from '../deps.ts';
import { FIRST_ROW, inviteModalFor } from '../invite-modal.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import { openFromCommand } from './open-from-command.ts';
import { refusalText } from '../respond-error.ts';

// Slack's own /invite (to a channel) is built in: an app can't declare it, so this is /inviteusers.
export const INVITE_COMMAND = '/inviteusers';
export const INVITES_COMMAND = '/invites';
const USAGE = 'Usage: `/inviteusers` or `/inviteusers name@example.com` to fill in the first email.';

/** `/inviteusers [email]` opens the invitation form; `/invites [search]` lists open invitations. */
export function register(app: App, { db }: SlackDeps): void {
  app.command(INVITE_COMMAND, async ({ command, ack, client, context, respond, logger }) => {
    const typed = command.text.trim();
    const prefill = typed ? emailSchema.safeParse(typed) : undefined;
    if (prefill && !prefill.success) {
      await ack({ response_type: 'ephemeral', text: `“${escapeMrkdwn(typed)}” is not an email address. ${USAGE}` });
      return;
    }
    await openFromCommand({ ack, client, respond, logger }, command.trigger_id, INVITE_COMMAND, () =>
      inviteModalFor(db, actorOf(context), { rows: [{ ...FIRST_ROW, email: prefill?.data ?? '' }] }),
    );
  });

  app.command(INVITES_COMMAND, async ({ command, ack, context }) => {
    const search = command.text.trim();
    try {
      const list = await listInvitations(db, actorOf(context), search);
      await ack({ response_type: 'ephemeral', ...invitesMessage(list, search) });
    } catch (error) {
      const text = refusalText(error);
      if (!text) throw error;
      await ack({ response_type: 'ephemeral', text });
    }
  });
}
