import type { BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { Listeners } from '../../slack/listeners.ts';
import { actorOf } from '../../slack/actor.ts';
import { answerSubmission } from '../../slack/answer-submission.ts';
import { CommandArgs, CommandTextError } from '../../slack/command-text.rules.ts';
import { workspaceOf, type SlackDeps } from '../../slack/deps.ts';
import { formOutOfDate } from '../../slack/metadata.ts';
import { messageModal, VALUE } from '../../slack/modals.blocks.ts';
import { openFromClick } from '../../slack/open-from-click.ts';
import { openFromCommand } from '../../slack/open-from-command.ts';
import { HOME_ACTIONS } from '../users/index.ts';
import { CHANNEL_BLOCKS, channelsModal, CHANNELS_VIEW } from './channels.blocks.ts';
import { chooseChannels, workspaceChannels } from './workspaces.ts';
import { CHANNEL_PURPOSES, type ChannelChoice, type ChannelPurpose } from './workspaces.rules.ts';

/** Reached only as `/switchboard settings` (a router-only command: no manifest declares it). */
export const COMMAND = '/settings';
export const USAGE =
  'Usage: `/switchboard settings` opens where Switchboard posts in this workspace: the channels for confirmations, approvals and invitations (Admins).';

/** `/switchboard settings` and App Home's Channels: the channels form, and its submission. */
export function register(app: Listeners, deps: SlackDeps): void {
  const { db, settings } = deps;
  app.command(COMMAND, (args) =>
    openFromCommand(args, async () => {
      const words = readWords(args.command.text);
      if (words !== undefined) return words;
      return channelsModal(
        await workspaceChannels(db, settings, actorOf(args.context), workspaceOf(deps, args.context)),
      );
    }),
  );

  app.action<BlockAction<ButtonAction>>(HOME_ACTIONS.channels, (args) =>
    openFromClick(
      // App Home's buttons are answered in a modal: the Home tab shows no replies.
      { ...args, respond: undefined },
      async () =>
        channelsModal(await workspaceChannels(db, settings, actorOf(args.context), workspaceOf(deps, args.context))),
      'That button is out of date; open the Home tab again.',
    ),
  );

  app.view<ViewSubmitAction>(CHANNELS_VIEW, ({ ack, view, context }) =>
    answerSubmission(
      ack,
      async () => {
        const choice = readChoice(view.state.values);
        const { changed } = await chooseChannels(db, settings, actorOf(context), workspaceOf(deps, context), choice);
        return {
          response_action: 'update',
          view: messageModal(
            'Notice channels',
            changed.length
              ? 'Saved. New notices go to the channels you chose; the change is announced there.'
              : 'Nothing changed: these were already the channels.',
          ),
        };
      },
      {
        blocks: CHANNEL_BLOCKS,
        fallback: CHANNEL_BLOCKS.confirmations,
        title: 'Can’t save',
        broken: formOutOfDate('with /switchboard settings'),
      },
    ),
  );
}

/** `help` or any words: the usage (the command takes none); undefined to open the form. */
function readWords(text: string): string | undefined {
  try {
    const args = CommandArgs.read(text);
    return args.done ? undefined : USAGE;
  } catch (error) {
    if (error instanceof CommandTextError) return USAGE;
    throw error;
  }
}

type StateValues = ViewSubmitAction['view']['state']['values'];

/** The form's choice: each purpose's channel, or null where it is empty or ticked back to the default. */
function readChoice(values: StateValues): ChannelChoice {
  const ticked = new Set(
    (values[CHANNEL_BLOCKS.useDefault]?.[VALUE]?.selected_options ?? []).map((option) => option.value),
  );
  const channelOf = (purpose: ChannelPurpose) => {
    if (ticked.has(purpose)) return null;
    const selected = values[CHANNEL_BLOCKS[purpose]]?.[VALUE]?.selected_conversation;
    return typeof selected === 'string' && selected ? selected : null;
  };
  return Object.fromEntries(CHANNEL_PURPOSES.map((purpose) => [purpose, channelOf(purpose)])) as ChannelChoice;
}
