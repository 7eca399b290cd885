import type { App } from '@slack/bolt';
import { applicationsOf, setOffered, setUserApplication } from '../../services/applications.ts';
import { actorOf } from '../actor.ts';
import type { SlackDeps } from '../deps.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import { answerCommand } from './answer.ts';
import { words } from './licenses.ts';

export const COMMAND = '/applications';
const USAGE = [
  'Usage:',
  '`/applications [company]` — the applications a company offers, and how many users have each',
  '`/applications offer|withdraw <application> [company]` — configure what a company offers',
  '`/applications enable|disable <email> <application>` — for one user',
].join('\n');

/** `/applications`: what each company offers (softphone, Web-SMS, Meet, …) and who has it enabled. */
export function register(app: App, { db }: SlackDeps): void {
  app.command(COMMAND, ({ command, ack, context }) =>
    answerCommand(ack, async () => {
      const [verb, ...rest] = words(command.text.trim());
      const actor = actorOf(context);
      if ((verb === 'offer' || verb === 'withdraw') && rest.length >= 1) {
        const result = await setOffered(db, actor, {
          application: rest[0]!,
          offered: verb === 'offer',
          company: rest.slice(1).join(' '),
        });
        const disabled = result.disabledFor ? ` It was disabled for ${result.disabledFor} user(s).` : '';
        return `${escapeMrkdwn(result.company)} ${verb === 'offer' ? 'offers' : 'no longer offers'} ${escapeMrkdwn(result.application)}.${disabled}`;
      } else if ((verb === 'enable' || verb === 'disable') && rest.length === 2) {
        const result = await setUserApplication(db, actor, {
          email: rest[0]!,
          application: rest[1]!,
          enabled: verb === 'enable',
        });
        return `${escapeMrkdwn(result.user)} has ${result.applications.length ? result.applications.map(escapeMrkdwn).join(', ') : 'no applications'} enabled.`;
      } else if (['offer', 'withdraw', 'enable', 'disable', 'help'].includes(verb ?? '')) {
        return USAGE;
      } else {
        const overview = await applicationsOf(db, actor, command.text.trim());
        const lines = overview.offered.map((app) => `• ${escapeMrkdwn(app.name)} — enabled for ${app.users} user(s)`);
        return `*Applications of ${escapeMrkdwn(overview.company)}*\n${lines.join('\n') || 'None offered.'}`;
      }
    }),
  );
}
