import type { Listeners } from '../../slack/listeners.ts';

import { listLocations, setUserLocation } from './locations.ts';
import { locationsMessage } from './locations.blocks.ts';
import type { SlackDeps } from '../../slack/deps.ts';
import { escapeMrkdwn } from '../../slack/mrkdwn.ts';
import { answerTextCommand } from '../../slack/answer-command.ts';

export const COMMAND = '/locations';
const USAGE = 'Usage: `/locations`, or `/locations set <email> <location name | none>`.';

/** `/locations` lists them (Add / Edit / Remove for Admins); `/locations set` says where a user works. */
export function register(app: Listeners, { db, settings }: SlackDeps): void {
  app.command(COMMAND, (request) =>
    answerTextCommand(request, USAGE, async (args, actor) => {
      if (args.verb('set')) {
        const email = args.email("the user's email");
        const place = args.rest('the location (or none)');
        const result = await setUserLocation(db, settings, actor, {
          email,
          location: place.toLowerCase() === 'none' ? null : place,
        });
        return `${escapeMrkdwn(result.user)} ${result.location ? `now works at ${escapeMrkdwn(result.location)}` : 'has no location now'}.`;
      } else if (args.done) {
        const { locations, canManage } = await listLocations(db, actor);
        return locationsMessage(locations, canManage);
      } else {
        return args.unknownVerb(['set']);
      }
    }),
  );
}
