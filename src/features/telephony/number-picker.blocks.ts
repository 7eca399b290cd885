import type { Option } from '@slack/types';
import { formatPhone } from '../../core/phone.rules.ts';
import { Bits, Blocks, Elements, Modal, OptionCollection } from 'slack-block-builder';
import type { UserCard } from '../users/index.ts';
import { escapeMrkdwn } from '../../slack/mrkdwn.ts';
import { escapeFit } from '../../slack/fit.ts';

export const NUMBER_VIEW = 'assign_number';
export const NUMBER_PICK_ACTION = 'number_pick';
export const NUMBER_BLOCK = 'number';

/** "Assign number" on a user card: a picker that searches the free numbers of the user's company as the admin types. */
export function assignNumberModal(card: Pick<UserCard, 'id' | 'email' | 'fullName' | 'company'>) {
  return Modal({ title: 'Assign a number', submit: 'Assign', close: 'Cancel', callbackId: NUMBER_VIEW })
    .privateMetaData(JSON.stringify({ id: card.id, email: card.email }))
    .blocks(
      Blocks.Section({
        text: `A free number of ${escapeFit(card.company, 1000)} for *${escapeMrkdwn(card.fullName)}*.`,
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
}

/** The picker's answer: the free numbers found (Slack shows 100 at most). */
export function numberOptions(numbers: string[]): { options: Option[] } {
  // Bolt's option type is stricter than the builder's output, which is the same JSON.
  const built = OptionCollection(
    numbers.slice(0, 100).map((number) => Bits.Option({ text: formatPhone(number), value: number })),
  );
  return { options: built as unknown as Option[] };
}
