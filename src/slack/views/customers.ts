import type { AckFn, App, ViewResponseAction, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { NotAllowedError, ValidationError } from '../../domain/errors.ts';
import { createCustomer, renameCustomer } from '../../services/customers.ts';
import { actorOf } from '../actor.ts';
import { ADD_CUSTOMER_VIEW, CUSTOMER_BLOCKS, RENAME_CUSTOMER_VIEW } from '../blocks/customers.ts';
import { COMPANY_ACTION, messageModal, VALUE } from '../blocks/user-form.ts';
import type { SlackDeps } from '../deps.ts';
import { fieldErrorsToBlocks } from './field-errors.ts';

const renameTarget = z.object({ id: z.string() });

/** Submitting "Add customer company" and "Rename company": re-authorized, inline errors. */
export function register(app: App, { db, settings }: SlackDeps): void {
  const answer = async (ack: AckFn<ViewResponseAction>, work: () => Promise<unknown>) => {
    try {
      await work();
      await ack();
    } catch (error) {
      if (error instanceof ValidationError) {
        await ack({
          response_action: 'errors',
          errors: fieldErrorsToBlocks(error.fields, CUSTOMER_BLOCKS, CUSTOMER_BLOCKS.name),
        });
      } else if (error instanceof NotAllowedError) {
        await ack({ response_action: 'update', view: messageModal('Not allowed', error.message) });
      } else {
        throw error;
      }
    }
  };

  app.view<ViewSubmitAction>(ADD_CUSTOMER_VIEW, async ({ ack, view, context }) => {
    const values = view.state.values;
    await answer(ack, () =>
      createCustomer(db, settings, actorOf(context), {
        name: values[CUSTOMER_BLOCKS.name]?.[VALUE]?.value ?? '',
        parentId: values[CUSTOMER_BLOCKS.parentId]?.[COMPANY_ACTION]?.selected_option?.value ?? '',
      }),
    );
  });

  app.view<ViewSubmitAction>(RENAME_CUSTOMER_VIEW, async ({ ack, view, context }) => {
    const target = renameTarget.safeParse(JSON.parse(view.private_metadata || '{}'));
    await answer(ack, () =>
      renameCustomer(db, settings, actorOf(context), {
        id: target.success ? target.data.id : '',
        name: view.state.values[CUSTOMER_BLOCKS.name]?.[VALUE]?.value ?? '',
      }),
    );
  });
}
