import type { Listeners } from '../../slack/listeners.ts';

import { applicationsOf, setOffered, setUserApplication } from './applications.ts';
import type { SlackDeps } from '../../slack/deps.ts';
import { escapeMrkdwn } from '../../slack/mrkdwn.ts';
import { answerTextCommand } from '../../slack/answer-command.ts';
import { plural } from '../../core/words.rules.ts';

export const COMMAND = '/applications';
const USAGE = [
  'Usage:',
  '`/applications [company]` — the applications a company offers, and how many users have each',
  '`/applications offer|withdraw <application> [company]` — configure what a company offers',
  '`/applications enable|disable <email> <application>` — for one user',
].join('\n');

/** `/applications`: what each company offers (softphone, Web-SMS, Meet, …) and who has it enabled. */
export function register(app: Listeners, { db }: SlackDeps): void {
  app.command(COMMAND, (request) =>
    answerTextCommand(request, USAGE, async (args, actor) => {
      const verb = args.verb('offer', 'withdraw', 'enable', 'disable');
      if (verb === 'offer' || verb === 'withdraw') {
        const application = args.word('the application');
        const result = await setOffered(db, actor, {
          application,
          offered: verb === 'offer',
          company: args.company(),
        });
        const disabled = result.disabledFor ? ` It was disabled for ${plural(result.disabledFor, 'user')}.` : '';
        return `${escapeMrkdwn(result.company)} ${verb === 'offer' ? 'offers' : 'no longer offers'} ${escapeMrkdwn(result.application)}.${disabled}`;
      } else if (verb === 'enable' || verb === 'disable') {
        const email = args.email("the user's email");
        const application = args.rest('the application');
        const result = await setUserApplication(db, actor, { email, application, enabled: verb === 'enable' });
        return `${escapeMrkdwn(result.user)} has ${result.applications.length ? result.applications.map(escapeMrkdwn).join(', ') : 'no applications'} enabled.`;
      } else {
        const overview = await applicationsOf(db, actor, args.company());
        const lines = overview.offered.map(
          (app) => `• ${escapeMrkdwn(app.name)} — enabled for ${plural(app.users, 'user')}`,
        );
        return `*Applications of ${escapeMrkdwn(overview.company)}*\n${lines.join('\n') || 'None offered.'}`;
      }
    }),
  );
}
