import type { App } from '@slack/bolt';
import { NotAllowedError } from '../../core/errors.ts';
import { companiesForNewUser } from '../../core/scope.ts';
import { actorOf } from '../../slack/actor.ts';
import { COMPANY_ACTION, companyOptions } from './company-picker.blocks.ts';
import type { SlackDeps } from '../../slack/deps.ts';

/** The company picker's search, used when a scope has more companies than a static select holds. */
export function register(app: App, { db }: SlackDeps): void {
  app.options(COMPANY_ACTION, async ({ ack, options, context }) => {
    try {
      const { companies } = await companiesForNewUser(db, actorOf(context), options.value);
      await ack(companyOptions(companies));
    } catch (error) {
      if (!(error instanceof NotAllowedError)) throw error;
      await ack({ options: [] });
    }
  });
}
