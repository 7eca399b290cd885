import type { App } from '@slack/bolt';
import { addSeats, licenseSummary, setLicense } from '../../services/licenses.ts';
import { actorOf } from '../actor.ts';
import { licensesMessage } from '../blocks/licenses.ts';
import type { SlackDeps } from '../deps.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import { answerCommand } from './answer.ts';

export const COMMAND = '/licenses';
export const USAGE = [
  'Usage:',
  '`/licenses` — seats per product: in all, in use, available, and who holds them',
  '`/licenses add <product> <seats> [company]` — record purchased seats (quote names with spaces)',
  '`/licenses assign <email> <product>` · `/licenses revoke <email> <product>` — give or take back a seat',
].join('\n');

const INVITATION_FOLLOWS = {
  sent: 'Their invitation goes out now.',
  withdrawn: 'Their invitation is on hold, and its link no longer works, until they hold a license again.',
};

/** Words, with "quoted phrases" kept together. */
export function words(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2]!);
}

/** `/licenses [add|assign|revoke …]`: the seat inventory of your companies. */
export function register(app: App, { db, settings }: SlackDeps): void {
  app.command(COMMAND, ({ command, ack, context }) =>
    answerCommand(ack, async () => {
      const [verb, ...rest] = words(command.text.trim());
      const actor = actorOf(context);
      if (!verb) {
        return licensesMessage(await licenseSummary(db, actor));
      } else if (verb === 'add' && rest.length >= 2 && /^\d+$/.test(rest[1]!)) {
        const result = await addSeats(db, settings, actor, {
          product: rest[0]!,
          seats: Number(rest[1]),
          company: rest.slice(2).join(' '),
        });
        return `Added. ${escapeMrkdwn(result.company)} now has ${result.total} ${escapeMrkdwn(result.product)} seat(s).`;
      } else if ((verb === 'assign' || verb === 'revoke') && rest.length === 2) {
        const result = await setLicense(db, settings, actor, {
          email: rest[0]!,
          product: rest[1]!,
          enabled: verb === 'assign',
        });
        const what = verb === 'assign' ? 'has' : 'no longer has';
        const invitation = result.invitation ? ` ${INVITATION_FOLLOWS[result.invitation]}` : '';
        return `${escapeMrkdwn(result.user)} ${result.changed ? what : `already ${verb === 'assign' ? 'had' : 'had no'}`} a ${escapeMrkdwn(result.product)} license.${invitation}`;
      } else {
        return USAGE;
      }
    }),
  );
}
