import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { Listeners } from '../../slack/listeners.ts';
import { actorOf } from '../../slack/actor.ts';
import { answerClick } from '../../slack/answer-click.ts';
import type { ActorRef } from '../../core/actors.ts';
import { readPayload } from '../../slack/metadata.ts';
import { pageValue } from './telephony.blocks.ts';

/** A page of a list, as the builders make it. */
type ListMessage = { text: string; blocks?: unknown[] };

/**
 * ‹ Previous / Next › under a list (/numbers, /extensions, /devices): the page the button names,
 * read again for the clicker (their privileges re-checked), in place of the page they saw.
 */
export function registerPageButtons(
  app: Listeners,
  actionId: string,
  command: string,
  show: (actor: ActorRef, page: { company: string; offset: number }) => Promise<ListMessage>,
): void {
  app.action<BlockAction<ButtonAction>>(new RegExp(`^${actionId}_(previous|next)$`), (args) =>
    answerClick(
      args,
      async () => {
        const page = readPayload(pageValue, args.action.value, 'page link');
        return { replace: await show(actorOf(args.context), page) };
      },
      `That page link is not valid any more; run ${command} again.`,
    ),
  );
}
