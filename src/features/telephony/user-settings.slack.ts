import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { Listeners } from '../../slack/listeners.ts';
import { getUserSettings, saveUserSettings } from './user-settings.ts';
import type { CallListPrivacy } from './user-settings.rules.ts';
import { actorOf } from '../../slack/actor.ts';
import { HOME_ACTIONS } from '../users/index.ts';
import { USER_SETTINGS_ACTION } from '../users/index.ts';
import { VALUE } from '../../slack/modals.blocks.ts';
import { SETTINGS_BLOCKS, USER_SETTINGS_VIEW, userSettingsModal } from './user-settings.blocks.ts';
import type { SlackDeps } from '../../slack/deps.ts';
import { openFromClick } from '../../slack/open-from-click.ts';
import { readId, readTarget } from '../../slack/metadata.ts';
import { answerSubmission } from '../../slack/answer-submission.ts';

type Click = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** Settings: one's own from App Home, anyone's in scope from their card (Admins); the form. */
export function register(app: Listeners, { db }: SlackDeps): void {
  const open = (userIdOf: (value: string | undefined) => string | undefined) => (args: Click) =>
    openFromClick(
      args,
      async () => userSettingsModal(await getUserSettings(db, actorOf(args.context), userIdOf(args.action.value))),
      'That button is broken; open the user again with /users.',
    );
  app.action<BlockAction<ButtonAction>>(
    HOME_ACTIONS.settings,
    open(() => undefined),
  );
  app.action<BlockAction<ButtonAction>>(
    USER_SETTINGS_ACTION,
    open((value) => readTarget(value).id),
  );

  app.view<ViewSubmitAction>(USER_SETTINGS_VIEW, ({ ack, view, context }) =>
    answerSubmission(
      ack,
      async () => {
        const values = view.state.values;
        const options = new Set(
          (values[SETTINGS_BLOCKS.options]?.[VALUE]?.selected_options ?? []).map((option) => option.value),
        );
        await saveUserSettings(db, actorOf(context), readId(view.private_metadata, 'settings form metadata'), {
          webSms: options.has('webSms'),
          newsletter: options.has('newsletter'),
          callList: (values[SETTINGS_BLOCKS.callList]?.[VALUE]?.selected_option?.value ?? '') as CallListPrivacy,
        });
      },
      { blocks: SETTINGS_BLOCKS, fallback: SETTINGS_BLOCKS.callList, title: 'Can’t save' },
    ),
  );
}
