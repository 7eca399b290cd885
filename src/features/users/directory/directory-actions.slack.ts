import type { BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import type { Listeners } from '../../../slack/listeners.ts';
import { queryFromToken } from './query.rules.ts';
import { listUsers, showUser } from './directory.ts';
import { actorOf } from '../../../slack/actor.ts';
import { userCardMessage } from '../card/user-card.blocks.ts';
import { USER_OPEN_ACTION, USERS_PAGE_ACTION, userListMessage } from './user-list.blocks.ts';
import type { SlackDeps } from '../../../slack/deps.ts';
import { answerClick } from '../../../slack/answer-click.ts';
import { BrokenPayload } from '../../../slack/metadata.ts';

/** Previous / Next in a user list, and opening a user's card from it. Re-authorized on each click. */
export function register(app: Listeners, { db }: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(new RegExp(`^${USERS_PAGE_ACTION}_`), (args) =>
    answerClick(
      args,
      async () => {
        const query = queryFromToken(args.action.value ?? '');
        if (!query) throw new BrokenPayload('page token');
        return { replace: userListMessage(await listUsers(db, actorOf(args.context), query, args.action.value)) };
      },
      'That page link is not valid any more; run the search again.',
    ),
  );

  app.action<BlockAction<StaticSelectAction>>(USER_OPEN_ACTION, (args) =>
    answerClick(args, async () =>
      userCardMessage(await showUser(db, actorOf(args.context), args.action.selected_option?.value ?? '')),
    ),
  );
}
