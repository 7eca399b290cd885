import type { Listeners } from '../../slack/listeners.ts';

import { addSeats, licenseSummary, setLicense } from './licenses.ts';
import { licensesMessage } from './licenses.blocks.ts';
import type { SlackDeps } from '../../slack/deps.ts';
import { escapeMrkdwn } from '../../slack/mrkdwn.ts';
import { MAX_SEATS_AT_ONCE } from './licenses.rules.ts';
import { answerTextCommand } from '../../slack/answer-command.ts';
import { articleFor, nounFor } from '../../core/words.rules.ts';

export const COMMAND = '/licenses';
const USAGE = [
  'Usage:',
  '`/licenses` — seats per product: in all, in use, available, and who holds them',
  '`/licenses add <product> <seats> [company]` — record purchased seats (quote names with spaces)',
  '`/licenses assign <email> <product>` · `/licenses revoke <email> <product>` — give or take back a seat',
].join('\n');

const VERBS = ['add', 'assign', 'revoke'] as const;

const INVITATION_FOLLOWS = {
  sent: 'Their invitation goes out now.',
  withdrawn: 'Their invitation is on hold, and its link no longer works, until they hold a license again.',
};

/** "Ada Lovelace has an Executive license.", "Ada Lovelace had no Meet license; nothing changed." */
function licenseOutcome(verb: 'assign' | 'revoke', result: { user: string; product: string; changed: boolean }) {
  const user = escapeMrkdwn(result.user);
  const license = `${escapeMrkdwn(result.product)} license`;
  const a = articleFor(result.product);
  if (verb === 'assign')
    return result.changed ? `${user} has ${a} ${license}.` : `${user} already had ${a} ${license}.`;
  return result.changed ? `${user} no longer has ${a} ${license}.` : `${user} had no ${license}; nothing changed.`;
}

/** `/licenses [add|assign|revoke …]`: the seat inventory of your companies. */
export function register(app: Listeners, { db, settings }: SlackDeps): void {
  app.command(COMMAND, (request) =>
    answerTextCommand(request, USAGE, async (args, actor) => {
      const verb = args.verb(...VERBS);
      if (verb === 'add') {
        const product = args.word('the product');
        const seats = args.count('the number of seats', { max: MAX_SEATS_AT_ONCE });
        const result = await addSeats(db, settings, actor, { product, seats, company: args.company() });
        return `Added. ${escapeMrkdwn(result.company)} now has ${result.total} ${escapeMrkdwn(result.product)} ${nounFor(result.total, 'seat')}.`;
      } else if (verb === 'assign' || verb === 'revoke') {
        const email = args.email("the user's email");
        const product = args.rest('the product');
        const result = await setLicense(db, settings, actor, { email, product, enabled: verb === 'assign' });
        const invitation = result.invitation ? ` ${INVITATION_FOLLOWS[result.invitation]}` : '';
        return `${licenseOutcome(verb, result)}${invitation}`;
      } else if (args.done) {
        return licensesMessage(await licenseSummary(db, actor));
      } else {
        return args.unknownVerb(VERBS);
      }
    }),
  );
}
