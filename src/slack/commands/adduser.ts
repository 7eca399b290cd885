import type { App } from '@slack/bolt';
import { NotAllowedError } from '../../domain/errors.ts';
import { emailSchema } from '../../domain/users.ts';
import { companiesForNewUser } from '../../services/organizations.ts';
import { actorOf } from '../actor.ts';
import { addUserModal } from '../blocks/user-form.ts';
import type { SlackDeps } from '../deps.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';

export const COMMAND = '/adduser';
export const USAGE = 'Usage: `/adduser` or `/adduser name@example.com` to fill in the email.';

/** `/adduser [email]`: an Admin gets the "Add user" form; anyone else is told why not. */
export function register(app: App, { db }: SlackDeps): void {
  app.command(COMMAND, async ({ command, ack, client, context, respond, logger }) => {
    const typed = command.text.trim();
    const prefill = typed ? emailSchema.safeParse(typed) : undefined;
    if (prefill && !prefill.success) {
      await ack({ response_type: 'ephemeral', text: `“${escapeMrkdwn(typed)}” is not an email address. ${USAGE}` });
      return;
    }
    let choices;
    try {
      choices = await companiesForNewUser(db, actorOf(context));
    } catch (error) {
      if (!(error instanceof NotAllowedError)) throw error;
      await ack({ response_type: 'ephemeral', text: escapeMrkdwn(error.message) });
      return;
    }
    // Ack only after the check: under overload this holds Slack back instead of piling up modals
    // whose trigger_id (valid for 3 s) expires before they open.
    await ack();
    try {
      await client.views.open({
        trigger_id: command.trigger_id,
        view: addUserModal({
          prefillEmail: prefill?.data,
          selected: choices.own,
          companies: choices.companies,
          totalCompanies: choices.total,
        }),
      });
    } catch (error) {
      logger.warn('views.open failed for /adduser', error);
      await respond({
        response_type: 'ephemeral',
        text: 'Slack did not open the form in time. Please run `/adduser` again.',
      });
    }
  });
}
