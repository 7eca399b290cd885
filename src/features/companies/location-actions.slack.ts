import type { App, BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import { listLocations, removeLocation } from './locations.ts';
import { companiesForNewUser } from '../../core/scope.ts';
import type { ActorRef } from '../../core/actors.ts';
import { actorOf } from '../../slack/actor.ts';
import { LOCATION_ACTIONS, locationModal } from './locations.blocks.ts';
import type { SlackDeps } from '../../slack/deps.ts';
import { escapeMrkdwn } from '../../slack/mrkdwn.ts';
import { openFromClick } from '../../slack/open-from-click.ts';
import { refusalText } from '../../slack/respond-error.ts';

const BROKEN = 'That menu is out of date; run /locations again.';

/** Add, Edit (open the form) and Remove in /locations. */
export function register(app: App, { db, settings }: SlackDeps): void {
  const formFor = async (actor: ActorRef, locationId?: string) => {
    const choices = await companiesForNewUser(db, actor);
    const location = locationId
      ? (await listLocations(db, actor)).locations.find((line) => line.id === locationId)
      : undefined;
    const selected = location ? { id: location.companyId, path: location.company } : choices.own;
    return locationModal({ selected, companies: choices.companies, totalCompanies: choices.total }, location);
  };
  const tell = (respond: (message: object) => Promise<unknown>, text: string) =>
    respond({ response_type: 'ephemeral', replace_original: false, text });

  app.action<BlockAction<ButtonAction>>(
    LOCATION_ACTIONS.add,
    async ({ ack, body, context, client, respond, logger }) => {
      await ack();
      await openFromClick(
        { client, respond, logger, triggerId: body.trigger_id },
        () => formFor(actorOf(context)),
        BROKEN,
      );
    },
  );

  app.action<BlockAction<StaticSelectAction>>(
    LOCATION_ACTIONS.edit,
    async ({ ack, action, body, context, client, respond, logger }) => {
      await ack();
      await openFromClick(
        { client, respond, logger, triggerId: body.trigger_id },
        () => formFor(actorOf(context), action.selected_option.value),
        BROKEN,
      );
    },
  );

  app.action<BlockAction<StaticSelectAction>>(LOCATION_ACTIONS.remove, async ({ ack, action, context, respond }) => {
    await ack();
    try {
      const removed = await removeLocation(db, settings, actorOf(context), action.selected_option.value);
      await tell(respond, `${escapeMrkdwn(removed.name)} was removed.`);
    } catch (error) {
      const text = refusalText(error);
      if (!text) throw error;
      await tell(respond, text);
    }
  });
}
