import { escapeFit, mentionFit } from '../../slack/fit.ts';
import { simple, type RenderedNotice } from '../../slack/rendered-notice.blocks.ts';
import type { WorkspaceChannelsNotice } from './workspace-notices.rules.ts';
import { PURPOSE_WORDS } from './workspaces.rules.ts';

/** "Approvals now go to #x, invitations to the default #y — chosen by …". */
export function renderWorkspaceChannels(notice: WorkspaceChannelsNotice): RenderedNotice {
  const changes = notice.changes.map(
    ({ purpose, channel, default: fallback }) =>
      `${PURPOSE_WORDS[purpose].label.toLowerCase()} → ${channel ? `<#${channel}>` : `the default, <#${fallback}>`}`,
  );
  const where = notice.workspace ? ` of ${escapeFit(notice.workspace, 200)}` : '';
  return simple(
    ':gear:',
    `Switchboard's notices${where} go to new channels: ${changes.join('; ')} (chosen by ${mentionFit(notice.by, 400)})`,
  );
}
