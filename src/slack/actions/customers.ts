import type { App, BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import { customerTree } from '../../services/customers.ts';
import { companiesForNewUser } from '../../services/organizations.ts';
import { actorOf } from '../actor.ts';
import {
  addCustomerModal,
  CUSTOMER_ADD_ACTION,
  CUSTOMER_RENAME_ACTION,
  renameCustomerModal,
} from '../blocks/customers.ts';
import type { SlackDeps } from '../deps.ts';
import { refusalText } from '../respond-error.ts';

/** "Add customer company" and "Rename a company…" in /customers: each opens its form. */
export function register(app: App, { db }: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(CUSTOMER_ADD_ACTION, async ({ ack, body, context, client, respond }) => {
    await ack();
    try {
      const choices = await companiesForNewUser(db, actorOf(context));
      await client.views.open({
        trigger_id: body.trigger_id,
        view: addCustomerModal({ selected: choices.own, companies: choices.companies, totalCompanies: choices.total }),
      });
    } catch (error) {
      const text = refusalText(error);
      if (!text) throw error;
      await respond({ response_type: 'ephemeral', replace_original: false, text });
    }
  });

  app.action<BlockAction<StaticSelectAction>>(
    CUSTOMER_RENAME_ACTION,
    async ({ ack, action, body, context, client, respond }) => {
      await ack();
      try {
        const { companies } = await customerTree(db, actorOf(context));
        const company = companies.find((candidate) => candidate.id === action.selected_option.value);
        if (!company) throw new Error('unknown company');
        await client.views.open({ trigger_id: body.trigger_id, view: renameCustomerModal(company) });
      } catch (error) {
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: refusalText(error) ?? 'That company is not one of yours (any more); run /customers again.',
        });
      }
    },
  );
}
