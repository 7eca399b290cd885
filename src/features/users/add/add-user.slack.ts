import type { Listeners } from '../../../slack/listeners.ts';

import { companiesForNewUser } from '../../../core/scope.ts';
import { actorOf } from '../../../slack/actor.ts';
import { addUserModal } from './user-form.blocks.ts';
import type { SlackDeps } from '../../../slack/deps.ts';
import { readEmailToFill } from '../../../slack/answer-command.ts';
import { openFromCommand } from '../../../slack/open-from-command.ts';

export const COMMAND = '/adduser';
const USAGE = 'Usage: `/adduser` or `/adduser name@example.com` to fill in the email.';

/** `/adduser [email]`: an Admin gets the "Add user" form; anyone else is told why not. */
export function register(app: Listeners, { db }: SlackDeps): void {
  app.command(COMMAND, (args) =>
    openFromCommand(args, async () => {
      const prefill = readEmailToFill(args.command.text, USAGE);
      if (prefill.answer !== undefined) return prefill.answer;
      const choices = await companiesForNewUser(db, actorOf(args.context));
      return addUserModal({
        prefillEmail: prefill.email,
        selected: choices.own,
        companies: choices.companies,
        totalCompanies: choices.total,
      });
    }),
  );
}
