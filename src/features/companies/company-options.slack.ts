import type { Listeners } from '../../slack/listeners.ts';

import { companiesForNewUser } from '../../core/scope.ts';
import { actorOf } from '../../slack/actor.ts';
import { COMPANY_ACTION, companyOptions } from './company-picker.blocks.ts';
import type { SlackDeps } from '../../slack/deps.ts';
import { answerOptions } from '../../slack/answer-options.ts';

/** The company picker's search, used when a scope has more companies than a static select holds. */
export function register(app: Listeners, { db }: SlackDeps): void {
  app.options(COMPANY_ACTION, ({ ack, options, context }) =>
    answerOptions(ack, async () => {
      const { companies } = await companiesForNewUser(db, actorOf(context), options.value);
      return companyOptions(companies);
    }),
  );
}
