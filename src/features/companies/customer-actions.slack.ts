import type { BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import type { Listeners } from '../../slack/listeners.ts';
import { renamableCompany } from './customers.ts';
import { companiesForNewUser } from '../../core/scope.ts';
import { actorOf } from '../../slack/actor.ts';
import {
  addCustomerModal,
  CUSTOMER_ADD_ACTION,
  CUSTOMER_RENAME_ACTION,
  renameCustomerModal,
} from './customers.blocks.ts';
import type { SlackDeps } from '../../slack/deps.ts';
import { openFromClick } from '../../slack/open-from-click.ts';

const BROKEN = 'That company is not one of yours (any more); run /customers again.';

/** "Add customer company" and "Rename a company…" in /customers: each opens its form. */
export function register(app: Listeners, { db }: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(CUSTOMER_ADD_ACTION, (args) =>
    openFromClick(
      args,
      async () => {
        const choices = await companiesForNewUser(db, actorOf(args.context));
        return addCustomerModal({ selected: choices.own, companies: choices.companies, totalCompanies: choices.total });
      },
      BROKEN,
    ),
  );

  app.action<BlockAction<StaticSelectAction>>(CUSTOMER_RENAME_ACTION, (args) =>
    openFromClick(
      args,
      async () =>
        renameCustomerModal(
          await renamableCompany(db, actorOf(args.context), args.action.selected_option?.value ?? ''),
        ),
      BROKEN,
    ),
  );
}
