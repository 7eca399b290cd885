import type { Listeners } from '../../slack/listeners.ts';

import { formatPhone } from '../../core/phone.rules.ts';
import { addNumbers, assignNumber, numberPool, unassignNumber } from './numbers.ts';
import type { SlackDeps } from '../../slack/deps.ts';
import { escapeMrkdwn } from '../../slack/mrkdwn.ts';
import { NUMBERS_PAGE_ACTION, poolMessage } from './telephony.blocks.ts';
import { registerPageButtons } from './list-pages.slack.ts';
import { answerTextCommand } from '../../slack/answer-command.ts';
import { plural } from '../../core/words.rules.ts';

export const COMMAND = '/numbers';
const USAGE = [
  'Usage:',
  '`/numbers [company]` — the pool: numbers free and who holds the others',
  '`/numbers add <number | first..last> [company]` — add one number or a range to a pool (Admins)',
  '`/numbers assign <email> <number>` — give a user a free number of their company',
  '`/numbers move <number> <email>` — give a number someone holds to another user',
  '`/numbers unassign <number>` — take a number back into the pool',
].join('\n');

/** `/numbers`: each company's pool of phone numbers; add, assign, move, unassign. */
export function register(app: Listeners, { db, settings }: SlackDeps): void {
  app.command(COMMAND, (request) =>
    answerTextCommand(request, USAGE, async (args, actor) => {
      switch (args.verb('add', 'assign', 'move', 'unassign')) {
        case 'add': {
          const numbers = args.phone('a number or a range first..last', { range: true });
          const added = await addNumbers(db, settings, actor, { numbers, company: args.company() });
          return `Added ${plural(added.added, 'number')} to the pool of ${escapeMrkdwn(added.company)}.`;
        }
        case 'assign': {
          const email = args.email("the user's email");
          const number = args.phone('the number');
          args.end();
          const given = await assignNumber(db, settings, actor, { email, number });
          return `${escapeMrkdwn(given.user)} has ${formatPhone(given.number)} now.`;
        }
        case 'move': {
          const number = args.phone('the number');
          const email = args.email('the email of the user who gets it');
          args.end();
          const given = await assignNumber(db, settings, actor, { email, number, move: true });
          return `${formatPhone(given.number)} moved${given.from ? ` from ${escapeMrkdwn(given.from)}` : ''} to ${escapeMrkdwn(given.user)}.`;
        }
        case 'unassign': {
          const number = args.phone('the number');
          args.end();
          const taken = await unassignNumber(db, settings, actor, number);
          return taken.user
            ? `${formatPhone(taken.number)} is back in the pool (was ${escapeMrkdwn(taken.user)}'s).`
            : `${formatPhone(taken.number)} was free already.`;
        }
        default:
          return poolMessage(await numberPool(db, actor, args.company()));
      }
    }),
  );

  registerPageButtons(app, NUMBERS_PAGE_ACTION, COMMAND, async (actor, page) =>
    poolMessage(await numberPool(db, actor, page.company, { offset: page.offset })),
  );
}
