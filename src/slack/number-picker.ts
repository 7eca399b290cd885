import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { Option } from '@slack/types';
import { Bits, Blocks, Elements, Modal, OptionCollection } from 'slack-block-builder';
import { NotAllowedError } from '../domain/errors.ts';
import { showUser } from '../services/directory.ts';
import { assignNumber, availableNumbers } from '../services/numbers.ts';
import { actorOf } from './actor.ts';
import { openFromClick } from './open-from-click.ts';
import { NUMBER_ASSIGN_ACTION } from './blocks/user-card.ts';
import type { SlackDeps } from './deps.ts';
import { escapeMrkdwn } from './mrkdwn.ts';
import { readTarget } from './views/metadata.ts';
import { answerSubmission } from './views/submit.ts';

export const NUMBER_VIEW = 'assign_number';
export const NUMBER_PICK_ACTION = 'number_pick';
const NUMBER_BLOCK = 'number';

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
          return Modal({ title: 'Assign a number', submit: 'Assign', close: 'Cancel', callbackId: NUMBER_VIEW })
            .privateMetaData(JSON.stringify({ id: card.id, email: card.email }))
            .blocks(
              Blocks.Section({
                text: `A free number of ${escapeMrkdwn(card.company)} for *${escapeMrkdwn(card.fullName)}*.`,
              }),
              Blocks.Input({ label: 'Number', blockId: NUMBER_BLOCK })
                .hint('Type digits to search the pool.')
                .element(
                  Elements.ExternalSelect({
                    actionId: NUMBER_PICK_ACTION,
                    minQueryLength: 0,
                    placeholder: 'Search free numbers',
                  }),
                ),
            )
            .buildToObject();
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
    // Bolt's option type is stricter than the builder's output, which is the same JSON.
    const built = OptionCollection(numbers.map((number) => Bits.Option({ text: number, value: number })));
    await ack({ options: built as unknown as Option[] });
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
