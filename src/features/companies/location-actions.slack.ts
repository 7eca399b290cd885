import type { BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import type { Listeners } from '../../slack/listeners.ts';
import { listLocations, removeLocation } from './locations.ts';
import { companiesForNewUser } from '../../core/scope.ts';
import type { ActorRef } from '../../core/actors.ts';
import { actorOf } from '../../slack/actor.ts';
import { LOCATION_ACTIONS, locationModal } from './locations.blocks.ts';
import type { SlackDeps } from '../../slack/deps.ts';
import { escapeMrkdwn } from '../../slack/mrkdwn.ts';
import { answerClick } from '../../slack/answer-click.ts';
import { openFromClick } from '../../slack/open-from-click.ts';

const BROKEN = 'That menu is out of date; run /locations again.';

/** Add, Edit (open the form) and Remove in /locations. */
export function register(app: Listeners, { db, settings }: SlackDeps): void {
  const formFor = async (actor: ActorRef, locationId?: string) => {
    const choices = await companiesForNewUser(db, actor);
    const location = locationId
      ? (await listLocations(db, actor)).locations.find((line) => line.id === locationId)
      : undefined;
    const selected = location ? { id: location.companyId, path: location.company } : choices.own;
    return locationModal({ selected, companies: choices.companies, totalCompanies: choices.total }, location);
  };
  app.action<BlockAction<ButtonAction>>(LOCATION_ACTIONS.add, (args) =>
    openFromClick(args, () => formFor(actorOf(args.context)), BROKEN),
  );

  app.action<BlockAction<StaticSelectAction>>(LOCATION_ACTIONS.edit, (args) =>
    openFromClick(args, () => formFor(actorOf(args.context), args.action.selected_option?.value ?? ''), BROKEN),
  );

  app.action<BlockAction<StaticSelectAction>>(LOCATION_ACTIONS.remove, (args) =>
    answerClick(
      args,
      async () => {
        const removed = await removeLocation(
          db,
          settings,
          actorOf(args.context),
          args.action.selected_option?.value ?? '',
        );
        return `${escapeMrkdwn(removed.name)} was removed.`;
      },
      BROKEN,
    ),
  );
}
