import type { Database, Tx } from '../db/client.ts';
import type { Destination } from './outbox.rules.ts';
import type { ServiceSettings } from './settings.ts';
import type { Actor, ActorRef } from './actors.ts';

export type { Destination } from './outbox.rules.ts';

/** What a channel notice is for; each workspace chooses a channel for each (null: the setting's). */
export type NoticePurpose = 'confirmations' | 'approvals' | 'invitations';

/** The environment's channel for each purpose: the default of every workspace. */
export type ChannelDefaults = Pick<ServiceSettings, 'notifyChannel' | 'distribution'> & {
  approvals: Pick<ServiceSettings['approvals'], 'channel'>;
  invitations: Pick<ServiceSettings['invitations'], 'channel'>;
};

/** The deployment's own workspace (SLACK_BOT_TOKEN): told about companies linked to no workspace. */
export const OWN_WORKSPACE = '';

const defaultFor = (settings: ChannelDefaults, purpose: NoticePurpose) =>
  purpose === 'confirmations'
    ? settings.notifyChannel
    : purpose === 'approvals'
      ? settings.approvals.channel
      : settings.invitations.channel;

/**
 * Where a channel notice about a company goes: every workspace linked to the company or to a
 * company above it (its own first, then up the tree), each to the channel it chose for `purpose`,
 * else the environment's. When none is linked: the deployment's own workspace ('') — none in
 * distribution mode, where there is no such workspace (the change is in the audit only).
 */
export async function channelsFor(
  tx: Tx | Database,
  settings: ChannelDefaults,
  purpose: NoticePurpose,
  organizationId: string,
): Promise<Destination[]> {
  const rows = await workspacesOf(tx, purpose, organizationId);
  const fallback = defaultFor(settings, purpose);
  if (settings.distribution) {
    return rows.flatMap((row) =>
      row.workspace === OWN_WORKSPACE ? [] : [{ workspace: row.workspace, channel: row.chosen ?? fallback }],
    );
  }
  if (!rows.length) return [{ workspace: OWN_WORKSPACE, channel: fallback }];
  return rows.map((row) => ({ workspace: row.workspace, channel: row.chosen ?? fallback }));
}

/**
 * The Slack workspace a company's people are in: the one linked to the company, or to the nearest
 * company above it; '' (the deployment's own workspace) when none is.
 */
export async function homeWorkspaceOf(tx: Tx | Database, organizationId: string): Promise<string> {
  const [nearest] = await workspacesOf(tx, 'invitations', organizationId);
  return nearest?.workspace ?? OWN_WORKSPACE;
}

/**
 * In one query: the workspaces linked to the company or a company above it, nearest first, with
 * the channel each chose for `purpose`; else the '' row (which may not exist).
 */
function workspacesOf(tx: Tx | Database, purpose: NoticePurpose, organizationId: string) {
  return tx.$queryRaw<{ workspace: string; chosen: string | null }[]>`
    WITH RECURSIVE up AS (
      SELECT id, parent_id, 0 AS depth FROM organization WHERE id = ${organizationId}::uuid
      UNION
      SELECT o.id, o.parent_id, up.depth + 1 FROM organization o JOIN up ON o.id = up.parent_id
      WHERE up.depth < 64
    ), linked AS (
      SELECT w.team_id, w.confirmations_channel, w.approvals_channel, w.invitations_channel, up.depth
      FROM up JOIN slack_workspace w ON w.organization_id = up.id
    ), chosen AS (
      SELECT * FROM linked
      UNION ALL
      SELECT team_id, confirmations_channel, approvals_channel, invitations_channel, 0
      FROM slack_workspace WHERE team_id = ${OWN_WORKSPACE} AND NOT EXISTS (SELECT 1 FROM linked)
    )
    SELECT team_id AS workspace,
           CASE ${purpose}::text WHEN 'confirmations' THEN confirmations_channel
                           WHEN 'approvals' THEN approvals_channel
                           ELSE invitations_channel END AS chosen
    FROM chosen ORDER BY depth, team_id`;
}

/**
 * A direct message to a Slack user, in their workspace (a user linked without one, as older
 * versions did: the deployment's own). A list, empty when there is nobody to tell (no Slack link),
 * so a call site reads `enqueueNotice(tx, directMessageTo(user), notice)`.
 */
export function directMessageTo(user: { slackTeamId: string | null; slackUserId: string | null }): Destination[] {
  return user.slackUserId ? [{ workspace: user.slackTeamId ?? OWN_WORKSPACE, channel: user.slackUserId }] : [];
}

/** A direct message to the actor (their stored Slack link); none for the CLI, timers or an unlinked actor. */
export async function directMessageToActor(tx: Tx | Database, actor: Actor): Promise<Destination[]> {
  if (!actor.id || !actor.slackUserId) return [];
  const user = await tx.user.findUnique({ where: { id: actor.id }, select: { slackTeamId: true, slackUserId: true } });
  return user ? directMessageTo(user) : [];
}

/** A direct message to a Slack member found through the actor's request (e.g. by email): in that workspace. */
export function directMessageInWorkspaceOf(ref: ActorRef, slackUserId: string | null | undefined): Destination[] {
  return directMessageTo({
    slackTeamId: 'slackTeamId' in ref ? ref.slackTeamId : null,
    slackUserId: slackUserId ?? null,
  });
}

/**
 * Every (workspace, destination) holding the keyed notice `key`: where its revisions and
 * follow-ups go.
 */
export function holdersOf(tx: Tx | Database, key: string): Promise<Destination[]> {
  return tx.$queryRaw<Destination[]>`
    SELECT workspace, destination AS channel FROM outbox_message
    WHERE key = ${key}
    GROUP BY workspace, destination
    ORDER BY min(id)`;
}
