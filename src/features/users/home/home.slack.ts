import type { BlockAction, ButtonAction, Context, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Listeners } from '../../../slack/listeners.ts';
import type { SlackViewDto } from 'slack-block-builder';
import { z } from 'zod';
import { parseUserQuery } from '../directory/query.rules.ts';
import type { ActorRef } from '../../../core/actors.ts';
import { listUsers } from '../directory/directory.ts';
import { editOwnDetails, homeOverview } from './home.ts';
import { StaleUserError } from '../lifecycle/lifecycle.ts';
import { companiesForNewUser } from '../../../core/scope.ts';
import { ValidationError } from '../../../core/errors.ts';
import { actorOf } from '../../../slack/actor.ts';
import {
  DETAIL_BLOCKS,
  FIND_USERS_VIEW,
  findResultsModal,
  findUsersModal,
  HOME_ACTIONS,
  homeView,
  OWN_DETAILS_VIEW,
  ownDetailsModal,
  refusalHomeView,
  SEARCH_BLOCK,
} from './home.blocks.ts';
import { addUserModal } from '../add/user-form.blocks.ts';
import { VALUE } from '../../../slack/modals.blocks.ts';
import type { SlackDeps } from '../../../slack/deps.ts';
import { formOutOfDate, readPayload } from '../../../slack/metadata.ts';
import { openFromClick } from '../../../slack/open-from-click.ts';
import { refusalMessage } from '../../../slack/respond-error.ts';
import { answerSubmission } from '../../../slack/answer-submission.ts';

type Click = BlockAction<ButtonAction>;

/** App Home: published when opened and after one's own details change; its buttons and forms. */
export function register(app: Listeners, { db, settings }: SlackDeps): void {
  /** Publishes the asker's App Home, or why they have none; anything unexpected goes to the error handler. */
  async function publishHome(client: WebClient, context: Context, slackUserId: string) {
    let view;
    try {
      view = homeView(await homeOverview(db, actorOf(context)));
    } catch (error) {
      const message = refusalMessage(error);
      if (message === undefined) throw error;
      view = refusalHomeView(message);
    }
    await client.views.publish({ user_id: slackUserId, view });
  }

  app.event('app_home_opened', async ({ event, context, client }) => {
    if (event.tab !== 'home') return;
    await publishHome(client, context, event.user);
  });

  const openModal = (actionId: string, build: (actor: ActorRef) => Promise<Readonly<SlackViewDto>>) =>
    app.action<Click>(actionId, (args) =>
      openFromClick(
        // App Home's buttons are answered in a modal: the Home tab shows no replies.
        { ...args, respond: undefined },
        () => build(actorOf(args.context)),
        'That button is out of date; open the Home tab again.',
      ),
    );

  openModal(HOME_ACTIONS.addUser, async (actor) => {
    const choices = await companiesForNewUser(db, actor);
    return addUserModal({ selected: choices.own, companies: choices.companies, totalCompanies: choices.total });
  });
  openModal(HOME_ACTIONS.findUsers, async () => findUsersModal());
  openModal(HOME_ACTIONS.editDetails, async (actor) => ownDetailsModal((await homeOverview(db, actor)).me));

  app.view<ViewSubmitAction>(FIND_USERS_VIEW, ({ ack, view, context }) =>
    answerSubmission(
      ack,
      async () => {
        const query = parseUserQuery(view.state.values[SEARCH_BLOCK]?.[VALUE]?.value ?? '');
        if (!query.ok) throw new ValidationError(query.errors);
        return {
          response_action: 'update',
          view: findResultsModal(await listUsers(db, actorOf(context), query.value)),
        };
      },
      { blocks: {}, fallback: SEARCH_BLOCK, title: 'Can’t search' },
    ),
  );

  app.view<ViewSubmitAction>(OWN_DETAILS_VIEW, async ({ ack, view, body, context, client }) => {
    const text = (block: string) => view.state.values[block]?.[VALUE]?.value ?? '';
    await answerSubmission(
      ack,
      async () => {
        await editOwnDetails(db, settings, actorOf(context), readVersion(view.private_metadata), {
          firstName: text(DETAIL_BLOCKS.firstName),
          lastName: text(DETAIL_BLOCKS.lastName),
          title: text(DETAIL_BLOCKS.title),
          officePhone: text(DETAIL_BLOCKS.officePhone),
          mobilePhone: text(DETAIL_BLOCKS.mobilePhone),
          faxPhone: text(DETAIL_BLOCKS.faxPhone),
        });
      },
      {
        blocks: DETAIL_BLOCKS,
        fallback: DETAIL_BLOCKS.firstName,
        title: 'Can’t save',
        broken: formOutOfDate('from the Home tab'),
        viewFor: async (error) =>
          error instanceof StaleUserError ? ownDetailsModal((await homeOverview(db, actorOf(context))).me) : undefined,
      },
    );
    await publishHome(client, context, body.user.id);
  });
}

/** The version of one's own details the form showed (its private_metadata, a number). */
function readVersion(privateMetadata: string): number {
  return readPayload(z.number().int(), privateMetadata, 'own details form metadata');
}
