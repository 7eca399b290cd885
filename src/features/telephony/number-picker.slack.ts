import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import { NotAllowedError } from '../../core/errors.ts';
import { showUser } from '../users/index.ts';
import { assignNumber, availableNumbers } from './numbers.ts';
import { actorOf } from '../../slack/actor.ts';
import { openFromClick } from '../../slack/open-from-click.ts';
import {
  assignNumberModal,
  NUMBER_BLOCK,
  NUMBER_PICK_ACTION,
  NUMBER_VIEW,
  numberOptions,
} from './number-picker.blocks.ts';
import { NUMBER_ASSIGN_ACTION } from '../users/index.ts';
import type { SlackDeps } from '../../slack/deps.ts';
import { readTarget } from '../../slack/metadata.ts';
import { answerSubmission } from '../../slack/answer-submission.ts';

export { NUMBER_PICK_ACTION, NUMBER_VIEW };

/**
 * "Assign number" on a user card: a modal whose picker searches the free numbers of the user's
 * company as the admin types (pools are too large for a static list); saving assigns it.
 */
export function register(app: App, { db, settings }: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(
    NUMBER_ASSIGN_ACTION,
    async ({ ack, action, body, context, client, respond, logger }) => {
      await ack();
      await openFromClick(
        { client, respond, logger, triggerId: body.trigger_id },
        async () => {
          const card = await showUser(db, actorOf(context), readTarget(action.value)?.id ?? '');
          if (!card.canManage) throw new NotAllowedError('Assigning a number needs the Admin privilege.');
          return assignNumberModal(card);
        },
        'That button is broken.',
      );
    },
  );

  app.options(NUMBER_PICK_ACTION, async ({ ack, options, body, context }) => {
    const target = JSON.parse((body as { view?: { private_metadata?: string } }).view?.private_metadata || '{}') as {
      id?: string;
    };
    const numbers = await availableNumbers(db, actorOf(context), target.id ?? '', options.value).catch(() => []);
    await ack(numberOptions(numbers));
  });

  app.view<ViewSubmitAction>(NUMBER_VIEW, ({ ack, view, context }) =>
    answerSubmission(
      ack,
      async () => {
        const target = JSON.parse(view.private_metadata || '{}') as { email?: string };
        const number = view.state.values[NUMBER_BLOCK]?.[NUMBER_PICK_ACTION]?.selected_option?.value ?? '';
        await assignNumber(db, settings, actorOf(context), { email: target.email ?? '', number });
      },
      { blocks: { number: NUMBER_BLOCK }, fallback: NUMBER_BLOCK, title: 'Can’t assign' },
    ),
  );
}
