import type { App } from '@slack/bolt';
import { companiesForNewUser } from '../../services/organizations.ts';
import { actorOf } from '../actor.ts';
import { addUserModal } from '../blocks/user-form.ts';
import type { SlackDeps } from '../deps.ts';
import { readEmailToFill } from './answer.ts';
import { openFromCommand } from './open-from-command.ts';

export const COMMAND = '/adduser';
export const USAGE = 'Usage: `/adduser` or `/adduser name@example.com` to fill in the email.';

/** `/adduser [email]`: an Admin gets the "Add user" form; anyone else is told why not. */
export function register(app: App, { db }: SlackDeps): void {
  app.command(COMMAND, async ({ command, ack, client, context, respond, logger }) => {
    const prefill = readEmailToFill(command.text, USAGE);
    if (prefill.answer !== undefined) {
      await ack({ response_type: 'ephemeral', text: prefill.answer });
      return;
    }
    await openFromCommand({ ack, client, respond, logger }, command.trigger_id, COMMAND, async () => {
      const choices = await companiesForNewUser(db, actorOf(context));
      return addUserModal({
        prefillEmail: prefill.email,
        selected: choices.own,
        companies: choices.companies,
        totalCompanies: choices.total,
      });
    });
  });
}
