import type { Listeners } from '../../slack/listeners.ts';

import { asksForHelp } from '../../slack/command-text.rules.ts';
import { customerTree } from './customers.ts';
import { actorOf } from '../../slack/actor.ts';
import { customerTreeMessage } from './customers.blocks.ts';
import type { SlackDeps } from '../../slack/deps.ts';
import { answerCommand } from '../../slack/answer-command.ts';

export const COMMAND = '/customers';
const USAGE = 'Usage: `/customers` — your company and its customer companies as a tree, with their users.';

/** `/customers`: your company and its customer companies as a tree, with user counts. */
export function register(app: Listeners, { db }: SlackDeps): void {
  app.command(COMMAND, ({ command, ack, context }) =>
    answerCommand(ack, async () => {
      if (asksForHelp(command.text)) return USAGE;
      const { actor, companies } = await customerTree(db, actorOf(context));
      return customerTreeMessage(companies, actor.privileges.admin);
    }),
  );
}
