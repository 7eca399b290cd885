import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { Listeners } from '../../../slack/listeners.ts';
import { DomainError } from '../../../core/errors.ts';
import { showUser } from '../directory/directory.ts';
import { changeLifecycle, StaleUserError, type LifecycleAction } from './lifecycle.ts';
import { actorOf } from '../../../slack/actor.ts';
import { LIFECYCLE_ACTIONS, userCardMessage } from '../card/user-card.blocks.ts';
import type { SlackDeps } from '../../../slack/deps.ts';
import { answerClick } from '../../../slack/answer-click.ts';
import { escapeMrkdwn } from '../../../slack/mrkdwn.ts';
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
export function register(app: Listeners, { db, settings }: SlackDeps): void {
  for (const action of Object.keys(LIFECYCLE_ACTIONS) as LifecycleAction[]) {
    app.action<BlockAction<ButtonAction>>(LIFECYCLE_ACTIONS[action], (args) =>
      answerClick(
        args,
        async () => {
          const actor = actorOf(args.context);
          const target = readTarget(args.action.value);
          try {
            const result = await changeLifecycle(db, settings, actor, action, target.id, target.v);
            const note = (result.changed ? DONE : ALREADY)[action](result.user.fullName);
            if (action === 'delete') return { replace: note };
            return { replace: userCardMessage(await showUser(db, actor, target.id), note) };
          } catch (error) {
            if (!(error instanceof StaleUserError)) throw error;
            // Changed meanwhile: the card as it is now, saying so (or only that, if they are gone).
            const fresh = await showUser(db, actor, target.id).catch((gone: unknown) => {
              if (!(gone instanceof DomainError)) throw gone;
              return undefined;
            });
            return { replace: fresh ? userCardMessage(fresh, error.message) : escapeMrkdwn(error.message) };
          }
        },
        'That button is broken; open the user again with /users.',
      ),
    );
  }
}
