import type { App } from '@slack/bolt';
import { addSeats, licenseSummary } from '../../services/licenses.ts';
import { setStation } from '../../services/stations.ts';
import { actorOf } from '../actor.ts';
import { licensesMessage } from '../blocks/licenses.ts';
import type { SlackDeps } from '../deps.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import { answerCommand } from './answer.ts';
import { words } from './licenses.ts';

export const COMMAND = '/stations';
const USAGE = [
  'Usage:',
  '`/stations` — station packages per company: seats in all, in use, available, who holds them',
  '`/stations add <package> <seats> [company]` — record purchased station packages (e.g. Basic, Executive)',
  '`/stations set <email> <package | none>` — give a user their station (one per user), or take it away',
].join('\n');

/** `/stations`: CallStream's station packages — license products of which a user holds one. */
export function register(app: App, { db, settings }: SlackDeps): void {
  app.command(COMMAND, ({ command, ack, context }) =>
    answerCommand(ack, async () => {
      const [verb, ...rest] = words(command.text.trim());
      const actor = actorOf(context);
      if (!verb) {
        const lines = (await licenseSummary(db, actor)).filter((line) => line.kind === 'station');
        return licensesMessage(lines);
      } else if (verb === 'add' && rest.length >= 2 && /^\d+$/.test(rest[1]!)) {
        const added = await addSeats(db, settings, actor, {
          product: rest[0]!,
          seats: Number(rest[1]),
          company: rest.slice(2).join(' '),
          kind: 'station',
        });
        return `Added. ${escapeMrkdwn(added.company)} now has ${added.total} ${escapeMrkdwn(added.product)} station package(s).`;
      } else if (verb === 'set' && rest.length === 2) {
        const wanted = rest[1]!.toLowerCase() === 'none' ? null : rest[1]!;
        const result = await setStation(db, settings, actor, { email: rest[0]!, station: wanted });
        return result.station
          ? `${escapeMrkdwn(result.user)} has the ${escapeMrkdwn(result.station)} station${result.previous && result.previous !== result.station ? ` (was ${escapeMrkdwn(result.previous)}; that seat is free again)` : ''}.`
          : `${escapeMrkdwn(result.user)} has no station now.`;
      } else {
        return USAGE;
      }
    }),
  );
}
