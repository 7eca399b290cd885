import type { BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { Listeners } from '../../slack/listeners.ts';
import { z } from 'zod';
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
import { formOutOfDate, readPayload, readTarget } from '../../slack/metadata.ts';
import { answerOptions } from '../../slack/answer-options.ts';
import { answerSubmission } from '../../slack/answer-submission.ts';

export { NUMBER_PICK_ACTION, NUMBER_VIEW };
/** The user the form assigns a number to. */
const formTarget = z.object({ id: z.string(), email: z.string() });

/**
 * "Assign number" on a user card: a modal whose picker searches the free numbers of the user's
 * company as the admin types (pools are too large for a static list); saving assigns it.
 */
export function register(app: Listeners, { db, settings }: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(NUMBER_ASSIGN_ACTION, (args) =>
    openFromClick(
      args,
      async () => {
        const card = await showUser(db, actorOf(args.context), readTarget(args.action.value).id);
        if (!card.canManage) throw new NotAllowedError('Assigning a number needs the Admin privilege.');
        return assignNumberModal(card);
      },
      'That button is broken; open the user again with /users.',
    ),
  );

  app.options(NUMBER_PICK_ACTION, ({ ack, options, body, context }) =>
    answerOptions(ack, async () => {
      const metadata = (body as { view?: { private_metadata?: string } }).view?.private_metadata;
      const target = readPayload(formTarget, metadata, 'number form metadata');
      return numberOptions(await availableNumbers(db, actorOf(context), target.id, options.value));
    }),
  );

  app.view<ViewSubmitAction>(NUMBER_VIEW, ({ ack, view, context }) =>
    answerSubmission(
      ack,
      async () => {
        const target = readPayload(formTarget, view.private_metadata, 'number form metadata');
        const number = view.state.values[NUMBER_BLOCK]?.[NUMBER_PICK_ACTION]?.selected_option?.value ?? '';
        await assignNumber(db, settings, actorOf(context), { email: target.email, number });
      },
      {
        blocks: { number: NUMBER_BLOCK },
        fallback: NUMBER_BLOCK,
        title: 'Can’t assign',
        broken: formOutOfDate('from /users'),
      },
    ),
  );
}
