import type { Listeners } from '../../../slack/listeners.ts';

import { FILTER_HELP, parseUserQuery } from './query.rules.ts';
import { listUsers, showUser } from './directory.ts';
import { userCardMessage } from '../card/user-card.blocks.ts';
import { userListMessage } from './user-list.blocks.ts';
import type { SlackDeps } from '../../../slack/deps.ts';
import { escapeMrkdwn } from '../../../slack/mrkdwn.ts';
import { answerTextCommand } from '../../../slack/answer-command.ts';

export const COMMAND = '/users';
const USAGE = `Usage: \`/users [words] [filters]\` — find users by any part of a name, email, title, company or phone number; \`/users name@example.com\` — one user's card. ${FILTER_HELP}`;

/** `/users [search] [filters]` lists users in scope; `/users name@example.com` shows one card. */
export function register(app: Listeners, { db }: SlackDeps): void {
  app.command(COMMAND, (request) =>
    answerTextCommand(request, USAGE, async (args, actor) => {
      const email = args.onlyEmail();
      if (email) return userCardMessage(await showUser(db, actor, email));
      const query = parseUserQuery(request.command.text, { escaped: true });
      if (!query.ok) return escapeMrkdwn(Object.values(query.errors).join(' '));
      return userListMessage(await listUsers(db, actor, query.value));
    }),
  );
}
