import type { Listeners } from '../../slack/listeners.ts';

import { listInvitations } from './invitations.ts';
import { actorOf } from '../../slack/actor.ts';
import { invitesMessage } from './invitations.blocks.ts';
import type { SlackDeps } from '../../slack/deps.ts';
import { FIRST_ROW, inviteModalFor } from './invite-modal.slack.ts';
import { openFromCommand } from '../../slack/open-from-command.ts';
import { answerTextCommand, readEmailToFill } from '../../slack/answer-command.ts';

// Slack's own /invite (to a channel) is built in: an app can't declare it, so this is /inviteusers.
export const INVITE_COMMAND = '/inviteusers';
export const INVITES_COMMAND = '/invites';
const USAGE = 'Usage: `/inviteusers` or `/inviteusers name@example.com` to fill in the first email.';
const INVITES_USAGE =
  'Usage: `/invites [part of an email]` — the invitations not accepted yet in your companies, with Re-send and Revoke.';

/** `/inviteusers [email]` opens the invitation form; `/invites [search]` lists open invitations. */
export function register(app: Listeners, { db }: SlackDeps): void {
  app.command(INVITE_COMMAND, (args) =>
    openFromCommand(args, async () => {
      const prefill = readEmailToFill(args.command.text, USAGE);
      if (prefill.answer !== undefined) return prefill.answer;
      return inviteModalFor(db, actorOf(args.context), { rows: [{ ...FIRST_ROW, email: prefill.email ?? '' }] });
    }),
  );

  app.command(INVITES_COMMAND, (request) =>
    answerTextCommand(request, INVITES_USAGE, async (args, actor) => {
      const search = args.onlyEmail() ?? args.text();
      return invitesMessage(await listInvitations(db, actor, search), search);
    }),
  );
}
