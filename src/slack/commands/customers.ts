import type { App } from '@slack/bolt';
import { customerTree } from '../../services/customers.ts';
import { actorOf } from '../actor.ts';
import { customerTreeMessage } from '../blocks/customers.ts';
import type { SlackDeps } from '../deps.ts';
import { refusalText } from '../respond-error.ts';

export const COMMAND = '/customers';

/** `/customers`: your company and its customer companies as a tree, with user counts. */
export function register(app: App, { db }: SlackDeps): void {
  app.command(COMMAND, async ({ ack, context }) => {
    try {
      const { actor, companies } = await customerTree(db, actorOf(context));
      await ack({ response_type: 'ephemeral', ...customerTreeMessage(companies, actor.privileges.admin) });
    } catch (error) {
      const text = refusalText(error);
      if (!text) throw error;
      await ack({ response_type: 'ephemeral', text });
    }
  });
}
