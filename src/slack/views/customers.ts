import type { App, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { createCustomer, renameCustomer } from '../../services/customers.ts';
import { actorOf } from '../actor.ts';
import { ADD_CUSTOMER_VIEW, CUSTOMER_BLOCKS, RENAME_CUSTOMER_VIEW } from '../blocks/customers.ts';
import { COMPANY_ACTION, VALUE } from '../blocks/user-form.ts';
import type { SlackDeps } from '../deps.ts';
import { safeJson } from './metadata.ts';
import { answerSubmission } from './submit.ts';

const renameTarget = z.object({ id: z.string() });
const options = { blocks: CUSTOMER_BLOCKS, fallback: CUSTOMER_BLOCKS.name, title: 'Not allowed' };

/** Submitting "Add customer company" and "Rename company": re-authorized, inline errors. */
export function register(app: App, { db, settings }: SlackDeps): void {
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
        const target = renameTarget.safeParse(safeJson(view.private_metadata));
        await renameCustomer(db, settings, actorOf(context), {
          id: target.success ? target.data.id : '',
          name: view.state.values[CUSTOMER_BLOCKS.name]?.[VALUE]?.value ?? '',
        });
      },
      options,
    ),
  );
}
