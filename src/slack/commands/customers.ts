import type { App } from '@slack/bolt';
import { asksForHelp } from '../../domain/command-text.ts';
import { customerTree } from '../../services/customers.ts';
import { actorOf } from '../actor.ts';
import { customerTreeMessage } from '../blocks/customers.ts';
import type { SlackDeps } from '../deps.ts';
import { answerCommand } from './answer.ts';

export const COMMAND = '/customers';
const USAGE = 'Usage: `/customers` — your company and its customer companies as a tree, with their users.';

/** `/customers`: your company and its customer companies as a tree, with user counts. */
export function register(app: App, { db }: SlackDeps): void {
  app.command(COMMAND, ({ command, ack, context }) =>
    answerCommand(ack, async () => {
      if (asksForHelp(command.text)) return USAGE;
      const { actor, companies } = await customerTree(db, actorOf(context));
      return customerTreeMessage(companies, actor.privileges.admin);
    }),
  );
}
