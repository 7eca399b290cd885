import type { App } from '@slack/bolt';
import { listLocations, setUserLocation } from '../../services/locations.ts';
import { actorOf } from '../actor.ts';
import { locationsMessage } from '../blocks/locations.ts';
import type { SlackDeps } from '../deps.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import { refusalText } from '../respond-error.ts';
import { words } from './licenses.ts';

export const COMMAND = '/locations';
const USAGE = 'Usage: `/locations`, or `/locations set <email> <location name | none>`.';

/** `/locations` lists them (Add / Edit / Remove for Admins); `/locations set` says where a user works. */
export function register(app: App, { db, settings }: SlackDeps): void {
  app.command(COMMAND, async ({ command, ack, context }) => {
    const [verb, ...rest] = words(command.text.trim());
    const actor = actorOf(context);
    try {
      if (!verb) {
        const { locations, canManage } = await listLocations(db, actor);
        await ack({ response_type: 'ephemeral', ...locationsMessage(locations, canManage) });
      } else if (verb === 'set' && rest.length >= 2) {
        const place = rest.slice(1).join(' ');
        const result = await setUserLocation(db, settings, actor, {
          email: rest[0]!,
          location: place.toLowerCase() === 'none' ? null : place,
        });
        await ack({
          response_type: 'ephemeral',
          text: `${escapeMrkdwn(result.user)} ${result.location ? `now works at ${escapeMrkdwn(result.location)}` : 'has no location now'}.`,
        });
      } else {
        await ack({ response_type: 'ephemeral', text: USAGE });
      }
    } catch (error) {
      const text = refusalText(error);
      if (!text) throw error;
      await ack({ response_type: 'ephemeral', text });
    }
  });
}
