import type { ViewSubmitAction } from '@slack/bolt';
import type { Listeners } from '../../slack/listeners.ts';
import { z } from 'zod';
import { createCustomer, renameCustomer } from './customers.ts';
import { actorOf } from '../../slack/actor.ts';
import { ADD_CUSTOMER_VIEW, CUSTOMER_BLOCKS, RENAME_CUSTOMER_VIEW } from './customers.blocks.ts';
import { COMPANY_ACTION } from './company-picker.blocks.ts';
import { VALUE } from '../../slack/modals.blocks.ts';
import type { SlackDeps } from '../../slack/deps.ts';
import { formOutOfDate, readPayload } from '../../slack/metadata.ts';
import { answerSubmission } from '../../slack/answer-submission.ts';

const renameTarget = z.object({ id: z.string() });
const options = {
  blocks: CUSTOMER_BLOCKS,
  fallback: CUSTOMER_BLOCKS.name,
  title: 'Not allowed',
  broken: formOutOfDate('with /customers'),
};

/** Submitting "Add customer company" and "Rename company": re-authorized, inline errors. */
export function register(app: Listeners, { db, settings }: SlackDeps): void {
  app.view<ViewSubmitAction>(ADD_CUSTOMER_VIEW, ({ ack, view, context }) =>
    answerSubmission(
      ack,
      async () => {
        const values = view.state.values;
        await createCustomer(db, settings, actorOf(context), {
          name: values[CUSTOMER_BLOCKS.name]?.[VALUE]?.value ?? '',
          parentId: values[CUSTOMER_BLOCKS.parentId]?.[COMPANY_ACTION]?.selected_option?.value ?? '',
        });
      },
      options,
    ),
  );

  app.view<ViewSubmitAction>(RENAME_CUSTOMER_VIEW, ({ ack, view, context }) =>
    answerSubmission(
      ack,
      async () => {
        const target = readPayload(renameTarget, view.private_metadata, 'rename form metadata');
        await renameCustomer(db, settings, actorOf(context), {
          id: target.id,
          name: view.state.values[CUSTOMER_BLOCKS.name]?.[VALUE]?.value ?? '',
        });
      },
      options,
    ),
  );
}
