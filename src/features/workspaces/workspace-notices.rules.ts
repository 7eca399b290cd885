import type { Person } from '../../core/notices.rules.ts';
import type { ChannelPurpose } from './workspaces.rules.ts';

/** The notices of the workspaces slice: what it announces, as data (core/notices.rules.ts). */
export type WorkspacesNotice = WorkspaceChannelsNotice;

/** An admin chose where a workspace's notices go. */
export interface WorkspaceChannelsNotice {
  type: 'workspace.channels_chosen';
  audience: 'channel';
  /** The workspace's name as Slack gave it; null when unknown (the deployment's own). */
  workspace: string | null;
  /** Each purpose whose channel changed: the channel now (null: the default, named). */
  changes: { purpose: ChannelPurpose; channel: string | null; default: string }[];
  by: Person;
}
