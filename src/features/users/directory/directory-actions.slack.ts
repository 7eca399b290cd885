import type { App, BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import { queryFromToken } from './query.rules.ts';
import { listUsers, showUser } from './directory.ts';
import { actorOf } from '../../../slack/actor.ts';
import { userCardMessage } from '../card/user-card.blocks.ts';
import { USER_OPEN_ACTION, USERS_PAGE_ACTION, userListMessage } from './user-list.blocks.ts';
import type { SlackDeps } from '../../../slack/deps.ts';
import { refusalText } from '../../../slack/respond-error.ts';

/** Previous / Next in a user list, and opening a user's card from it. Re-authorized on each click. */
export function register(app: App, { db }: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(
    new RegExp(`^${USERS_PAGE_ACTION}_`),
    async ({ ack, action, context, respond }) => {
      await ack();
      const query = queryFromToken(action.value ?? '');
      try {
        if (!query) throw new Error('unreadable page token');
        const page = await listUsers(db, actorOf(context), query, action.value);
        await respond({ replace_original: true, ...userListMessage(page) });
      } catch (error) {
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: refusalText(error) ?? 'That page link is not valid any more; run the search again.',
        });
      }
    },
  );

  app.action<BlockAction<StaticSelectAction>>(USER_OPEN_ACTION, async ({ ack, action, context, respond }) => {
    await ack();
    try {
      const card = await showUser(db, actorOf(context), action.selected_option.value);
      await respond({ response_type: 'ephemeral', replace_original: false, ...userCardMessage(card) });
    } catch (error) {
      const text = refusalText(error);
      if (!text) throw error;
      await respond({ response_type: 'ephemeral', replace_original: false, text });
    }
  });
}
