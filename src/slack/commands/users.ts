import type { App } from '@slack/bolt';
import { parseUserQuery } from '../../domain/directory.ts';
import { emailSchema } from '../../domain/users.ts';
import { listUsers, showUser } from '../../services/directory.ts';
import { actorOf } from '../actor.ts';
import { userCardMessage } from '../blocks/user-card.ts';
import { userListMessage } from '../blocks/user-list.ts';
import type { SlackDeps } from '../deps.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import { refusalText } from '../respond-error.ts';

export const COMMAND = '/users';

/** `/users [search] [filters]` lists users in scope; `/users name@example.com` shows one card. */
export function register(app: App, { db }: SlackDeps): void {
  app.command(COMMAND, async ({ command, ack, context }) => {
    const typed = command.text.trim();
    const email = typed && !typed.includes(' ') && typed.includes('@') ? emailSchema.safeParse(typed) : undefined;
    try {
      if (email?.success) {
        await ack({ response_type: 'ephemeral', ...userCardMessage(await showUser(db, actorOf(context), email.data)) });
        return;
      }
      const query = parseUserQuery(typed);
      if (!query.ok) {
        await ack({ response_type: 'ephemeral', text: escapeMrkdwn(Object.values(query.errors).join(' ')) });
        return;
      }
      await ack({ response_type: 'ephemeral', ...userListMessage(await listUsers(db, actorOf(context), query.value)) });
    } catch (error) {
      const text = refusalText(error);
      if (!text) throw error;
      await ack({ response_type: 'ephemeral', text });
    }
  });
}
