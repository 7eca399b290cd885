import { Bits, Blocks, Elements, Modal } from 'slack-block-builder';
import { escapeFit } from '../../slack/fit.ts';
import { VALUE } from '../../slack/modals.blocks.ts';
import type { WorkspaceChannels } from './workspaces.ts';
import { CHANNEL_PURPOSES, PURPOSE_WORDS, type ChannelPurpose } from './workspaces.rules.ts';

export const CHANNELS_VIEW = 'workspace_channels';
/** One input per purpose (its block id is the purpose), and the boxes that put purposes back to the default. */
export const CHANNEL_BLOCKS = {
  confirmations: 'confirmations',
  approvals: 'approvals',
  invitations: 'invitations',
  useDefault: 'use_default',
} as const;

/** Where the chosen channels of a workspace are edited: `/switchboard settings`, App Home's Channels. */
export function channelsModal(workspace: WorkspaceChannels) {
  const named = workspace.name ? `*${escapeFit(workspace.name, 200)}*` : 'this workspace';
  const company = workspace.company
    ? ` (it belongs to ${escapeFit(workspace.company, 1000)})`
    : ' (the deployment’s own: notices of companies linked to no workspace)';
  const defaults = CHANNEL_PURPOSES.map(
    (purpose) => `${PURPOSE_WORDS[purpose].label}: <#${workspace.defaults[purpose]}>`,
  ).join(' · ');
  return Modal({ title: 'Notice channels', submit: 'Save', close: 'Cancel', callbackId: CHANNELS_VIEW })
    .blocks(
      Blocks.Section({ text: `Where Switchboard posts its notices in ${named}${company}.` }),
      ...CHANNEL_PURPOSES.map((purpose) => channelInput(purpose, workspace.chosen[purpose])),
      Blocks.Input({ label: 'Use the default channel instead for', blockId: CHANNEL_BLOCKS.useDefault })
        .optional()
        .element(
          Elements.Checkboxes({ actionId: VALUE }).options(
            CHANNEL_PURPOSES.map((purpose) => Bits.Option({ text: PURPOSE_WORDS[purpose].label, value: purpose })),
          ),
        ),
      Blocks.Context().elements(
        `The defaults, set by whoever runs Switchboard: ${defaults}. Invite Switchboard to a private channel before choosing it.`,
      ),
    )
    .buildToObject();
}

function channelInput(purpose: ChannelPurpose, chosen: string | null) {
  const select = Elements.ConversationSelect({ actionId: VALUE, placeholder: 'The default channel' })
    .filter('public', 'private')
    .excludeBotUsers(true)
    .excludeExternalSharedChannels(true);
  if (chosen) select.initialConversation(chosen);
  return Blocks.Input({ label: PURPOSE_WORDS[purpose].label, blockId: CHANNEL_BLOCKS[purpose] })
    .optional()
    .hint(`${PURPOSE_WORDS[purpose].about}. Empty: the default.`)
    .element(select);
}
