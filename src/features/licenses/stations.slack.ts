import type { Listeners } from '../../slack/listeners.ts';

import { addSeats, licenseSummary } from './licenses.ts';
import { setStation } from './stations.ts';
import { licensesMessage } from './licenses.blocks.ts';
import type { SlackDeps } from '../../slack/deps.ts';
import { escapeMrkdwn } from '../../slack/mrkdwn.ts';
import { MAX_SEATS_AT_ONCE } from './licenses.rules.ts';
import { answerTextCommand } from '../../slack/answer-command.ts';
import { nounFor } from '../../core/words.rules.ts';

export const COMMAND = '/stations';
const USAGE = [
  'Usage:',
  '`/stations` — station packages per company: seats in all, in use, available, who holds them',
  '`/stations add <package> <seats> [company]` — record purchased station packages (e.g. Basic, Executive)',
  '`/stations set <email> <package | none>` — give a user their station (one per user), or take it away',
].join('\n');

const VERBS = ['add', 'set'] as const;

/** `/stations`: CallStream's station packages — license products of which a user holds one. */
export function register(app: Listeners, { db, settings }: SlackDeps): void {
  app.command(COMMAND, (request) =>
    answerTextCommand(request, USAGE, async (args, actor) => {
      const verb = args.verb(...VERBS);
      if (verb === 'add') {
        const product = args.word('the station package');
        const seats = args.count('the number of station packages', { max: MAX_SEATS_AT_ONCE });
        const added = await addSeats(db, settings, actor, {
          product,
          seats,
          company: args.company(),
          kind: 'station',
        });
        return `Added. ${escapeMrkdwn(added.company)} now has ${added.total} ${escapeMrkdwn(added.product)} ${nounFor(added.total, 'station package')}.`;
      } else if (verb === 'set') {
        const email = args.email("the user's email");
        const wanted = args.rest('the station package (or none)');
        const station = wanted.toLowerCase() === 'none' ? null : wanted;
        const result = await setStation(db, settings, actor, { email, station });
        return result.station
          ? `${escapeMrkdwn(result.user)} has the ${escapeMrkdwn(result.station)} station${result.previous && result.previous !== result.station ? ` (was ${escapeMrkdwn(result.previous)}; that seat is free again)` : ''}.`
          : `${escapeMrkdwn(result.user)} has no station now.`;
      } else if (args.done) {
        const lines = (await licenseSummary(db, actor)).filter((line) => line.kind === 'station');
        return licensesMessage(lines);
      } else {
        return args.unknownVerb(VERBS);
      }
    }),
  );
}
