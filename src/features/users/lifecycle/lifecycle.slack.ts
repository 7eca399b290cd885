import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { showUser } from '../directory/directory.ts';
import { changeLifecycle, StaleUserError, type LifecycleAction } from './lifecycle.ts';
import { actorOf } from '../../../slack/actor.ts';
import { LIFECYCLE_ACTIONS, userCardMessage } from '../card/user-card.blocks.ts';
import type { SlackDeps } from '../../../slack/deps.ts';
import { refusalText } from '../../../slack/respond-error.ts';
import { readTarget } from '../../../slack/metadata.ts';

const DONE: Record<LifecycleAction, (name: string) => string> = {
  deactivate: (name) => `${name} was deactivated.`,
  deactivateAndRelease: (name) =>
    `${name} was deactivated; their numbers, devices, licenses and extension are back in the pools.`,
  reactivate: (name) => `${name} was reactivated.`,
  delete: (name) => `${name} was deleted.`,
  removeAdmin: (name) => `${name} is no longer an admin.`,
};
const ALREADY: Record<LifecycleAction, (name: string) => string> = {
  deactivate: (name) => `${name} was already deactivated.`,
  deactivateAndRelease: (name) => `${name} was already deactivated.`,
  reactivate: (name) => `${name} was already active.`,
  delete: (name) => `${name} was already deleted.`,
  removeAdmin: (name) => `${name} was already not an admin.`,
};

/** Deactivate, Reactivate, Delete and Remove admin on a user card. The service re-checks everything at click time. */
export function register(app: App, { db, settings }: SlackDeps): void {
  for (const action of Object.keys(LIFECYCLE_ACTIONS) as LifecycleAction[]) {
    app.action<BlockAction<ButtonAction>>(
      LIFECYCLE_ACTIONS[action],
      async ({ ack, action: button, context, respond }) => {
        await ack();
        const actor = actorOf(context);
        const target = readTarget(button.value);
        if (!target) {
          await respond({
            response_type: 'ephemeral',
            replace_original: false,
            text: 'That button is broken; open the user again with /users.',
          });
          return;
        }
        try {
          const result = await changeLifecycle(db, settings, actor, action, target.id, target.v);
          const note = (result.changed ? DONE : ALREADY)[action](result.user.fullName);
          if (action === 'delete') {
            await respond({ replace_original: true, text: note });
          } else {
            await respond({ replace_original: true, ...userCardMessage(await showUser(db, actor, target.id), note) });
          }
        } catch (error) {
          const text = refusalText(error);
          if (!text) throw error;
          if (error instanceof StaleUserError) {
            const fresh = await showUser(db, actor, target.id).catch(() => undefined);
            await respond(
              fresh
                ? { replace_original: true, ...userCardMessage(fresh, error.message) }
                : { replace_original: true, text },
            );
            return;
          }
          await respond({ response_type: 'ephemeral', replace_original: false, text });
        }
      },
    );
  }
}
