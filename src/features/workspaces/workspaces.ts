import type { Database, Tx } from '../../db/client.ts';
import { requireCapability, type Actor, type ActorRef } from '../../core/actors.ts';
import { recordAudit } from '../../core/audit.ts';
import { NotAllowedError, ValidationError } from '../../core/errors.ts';
import { isUuid } from '../../core/ids.rules.ts';
import { OWN_WORKSPACE, type ChannelDefaults } from '../../core/notice-routing.ts';
import { announce } from '../../core/outbox.ts';
import { companiesOf, companyNamed, companyWithId, isInScope } from '../../core/scope.ts';
import { quote } from '../../core/text.rules.ts';
import {
  CHANNEL_PURPOSES,
  isChannelId,
  isTeamId,
  PURPOSE_WORDS,
  type ChannelChoice,
  type ChannelPurpose,
} from './workspaces.rules.ts';
import type { WorkspaceChannelsNotice } from './workspace-notices.rules.ts';

/** A workspace as `switchboard workspaces list` shows it. */
export interface WorkspaceLine {
  teamId: string;
  name: string | null;
  enterpriseId: string | null;
  /** An installation of its own, or an org-wide one of its org. */
  installed: 'workspace' | 'org-wide' | false;
  /** The path of its company, null when not linked. */
  company: string | null;
  chosen: ChannelChoice;
}

const chosenOf = (row: {
  confirmationsChannel: string | null;
  approvalsChannel: string | null;
  invitationsChannel: string | null;
}): ChannelChoice => ({
  confirmations: row.confirmationsChannel,
  approvals: row.approvalsChannel,
  invitations: row.invitationsChannel,
});

/** Every workspace Switchboard knows (the deployment's own, '', first), for the operator. */
export async function listWorkspaces(db: Database, ref: ActorRef): Promise<WorkspaceLine[]> {
  const actor = await requireOperator(db, ref);
  const [rows, installations, companies] = await Promise.all([
    db.slackWorkspace.findMany({ orderBy: [{ teamId: 'asc' }] }),
    db.slackInstallation.findMany({ select: { id: true, isEnterpriseInstall: true } }),
    companiesOf(db, actor),
  ]);
  const own = new Set(installations.filter((i) => !i.isEnterpriseInstall).map((i) => i.id));
  const orgs = new Set(installations.filter((i) => i.isEnterpriseInstall).map((i) => i.id));
  const pathOf = new Map(companies.map((company) => [company.id, company.path]));
  return rows.map((row) => ({
    teamId: row.teamId,
    name: row.name,
    enterpriseId: row.enterpriseId,
    installed: own.has(row.teamId) ? 'workspace' : row.enterpriseId && orgs.has(row.enterpriseId) ? 'org-wide' : false,
    company: row.organizationId ? (pathOf.get(row.organizationId) ?? row.organizationId) : null,
    chosen: chosenOf(row),
  }));
}

/** Only the operator (the CLI's system actor) links workspaces to companies. */
async function requireOperator(db: Database | Tx, ref: ActorRef): Promise<Actor> {
  const actor = await requireCapability(db, ref, 'manageUsers');
  if (actor.id !== null) throw new NotAllowedError('Only the operator links workspaces to companies.');
  return actor;
}

/** A company named by its name (any case) or its id. */
async function companyOf(tx: Tx, actor: Actor, nameOrId: string) {
  if (isUuid(nameOrId.trim())) return companyWithId(tx, actor, nameOrId.trim());
  return companyNamed(tx, actor, nameOrId);
}

/** The workspace row, locked; a clear refusal when Switchboard doesn't know it. */
async function lockWorkspace(tx: Tx, teamId: string) {
  if (teamId === OWN_WORKSPACE || !isTeamId(teamId)) {
    throw new ValidationError({
      team: `${quote(teamId)} is not a workspace’s team id (T…). switchboard workspaces list shows them.`,
    });
  }
  const [row] = await tx.$queryRaw<{ team_id: string }[]>`
    SELECT team_id FROM slack_workspace WHERE team_id = ${teamId} FOR UPDATE`;
  const found = row ? await tx.slackWorkspace.findUnique({ where: { teamId } }) : null;
  if (!found) {
    throw new ValidationError({
      team: `No workspace ${teamId} is known yet: install Switchboard there first (/slack/install), then switchboard workspaces list shows it.`,
    });
  }
  return found;
}

/** Links a workspace to a company: its notices are about that company and those under it. */
export async function linkWorkspace(
  db: Database,
  ref: ActorRef,
  input: { team: string; company: string },
): Promise<{ workspace: string; company: string; previous: string | null }> {
  return db.$transaction(async (tx) => {
    const actor = await requireOperator(tx, ref);
    const company = await companyOf(tx, actor, input.company);
    const row = await lockWorkspace(tx, input.team.trim());
    const paths = new Map((await companiesOf(tx, actor)).map((c) => [c.id, c.path]));
    const previous = row.organizationId ? (paths.get(row.organizationId) ?? row.organizationId) : null;
    const name = row.name ?? row.teamId;
    if (row.organizationId === company.id) return { workspace: name, company: company.path, previous };
    await tx.slackWorkspace.update({ where: { teamId: row.teamId }, data: { organizationId: company.id } });
    await recordAudit(tx, {
      actor,
      action: 'workspace.linked',
      target: { type: 'slack_workspace', id: row.teamId, label: name },
      organizationId: company.id,
      before: { company: previous },
      after: { company: company.path },
    });
    return { workspace: name, company: company.path, previous };
  });
}

/** Unlinks a workspace: its company's notices go elsewhere (a workspace above, or the deployment's own). */
export async function unlinkWorkspace(
  db: Database,
  ref: ActorRef,
  team: string,
): Promise<{ workspace: string; previous: string | null }> {
  return db.$transaction(async (tx) => {
    const actor = await requireOperator(tx, ref);
    const row = await lockWorkspace(tx, team.trim());
    const name = row.name ?? row.teamId;
    if (!row.organizationId) return { workspace: name, previous: null };
    const paths = new Map((await companiesOf(tx, actor)).map((c) => [c.id, c.path]));
    const previous = paths.get(row.organizationId) ?? row.organizationId;
    await tx.slackWorkspace.update({ where: { teamId: row.teamId }, data: { organizationId: null } });
    await recordAudit(tx, {
      actor,
      action: 'workspace.unlinked',
      target: { type: 'slack_workspace', id: row.teamId, label: name },
      organizationId: row.organizationId,
      before: { company: previous },
      after: { company: null },
    });
    return { workspace: name, previous };
  });
}

/** What the channels form shows: the workspace, its company, its choices and the defaults. */
export interface WorkspaceChannels {
  teamId: string;
  /** The workspace's name; null for the deployment's own or when Slack never named it. */
  name: string | null;
  /** The path of the company it belongs to; null for the deployment's own, unlinked. */
  company: string | null;
  chosen: ChannelChoice;
  defaults: Record<ChannelPurpose, string>;
}

const defaultsOf = (settings: ChannelDefaults): Record<ChannelPurpose, string> => ({
  confirmations: settings.notifyChannel,
  approvals: settings.approvals.channel,
  invitations: settings.invitations.channel,
});

/**
 * The workspace a request came from, if the actor may choose its channels: an Admin whose scope
 * covers the company it is linked to, or — the deployment's own workspace, linked to none — an
 * Admin of a top-level company (who runs Switchboard).
 */
async function authorizeChannels(tx: Database | Tx, ref: ActorRef, workspace: string) {
  const actor = await requireCapability(tx, ref, 'manageUsers');
  const row = await tx.slackWorkspace.findUnique({
    where: { teamId: workspace },
    include: { organization: { select: { name: true } } },
  });
  if (row?.organizationId) {
    if (!(await isInScope(tx, actor, row.organizationId))) {
      throw new NotAllowedError(
        `This workspace belongs to ${row.organization?.name ?? 'another company'}: only its admins choose its channels.`,
      );
    }
  } else if (workspace === OWN_WORKSPACE) {
    const company = actor.organizationId
      ? await tx.organization.findUnique({ where: { id: actor.organizationId }, select: { parentId: true } })
      : null;
    if (company?.parentId) {
      throw new NotAllowedError(
        `Only the admins of the company that runs Switchboard choose where its notices go; ask them (you are an admin of ${actor.organizationName}).`,
      );
    }
  } else {
    throw new NotAllowedError(
      `This workspace (${workspace}) is not linked to a company yet, so Switchboard doesn't know whose notices belong here. ` +
        `The operator can link it with \`switchboard workspaces link ${workspace} <company>\`; then its admins choose its channels here.`,
    );
  }
  return { actor, row };
}

/** The channels form's contents, for an Admin who may choose them (see authorizeChannels). */
export async function workspaceChannels(
  db: Database,
  settings: ChannelDefaults,
  ref: ActorRef,
  workspace: string,
): Promise<WorkspaceChannels> {
  const { actor, row } = await authorizeChannels(db, ref, workspace);
  const paths = row?.organizationId ? await companiesOf(db, actor) : [];
  return {
    teamId: workspace,
    name: row?.name ?? null,
    company: row?.organizationId
      ? (paths.find((c) => c.id === row.organizationId)?.path ?? row.organization?.name ?? null)
      : null,
    chosen: row ? chosenOf(row) : { confirmations: null, approvals: null, invitations: null },
    defaults: defaultsOf(settings),
  };
}

/**
 * Stores where a workspace's notices go (null: the default), re-checking the asker in the
 * transaction; audited and announced in the confirmations channels of its company (as they are now).
 */
export async function chooseChannels(
  db: Database,
  settings: ChannelDefaults,
  ref: ActorRef,
  workspace: string,
  choice: ChannelChoice,
): Promise<{ changed: ChannelPurpose[] }> {
  const errors: Record<string, string> = {};
  for (const purpose of CHANNEL_PURPOSES) {
    const channel = choice[purpose];
    if (channel !== null && !isChannelId(channel)) {
      errors[purpose] = `Choose a channel (public or private) for ${PURPOSE_WORDS[purpose].label.toLowerCase()}.`;
    }
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT team_id FROM slack_workspace WHERE team_id = ${workspace} FOR UPDATE`;
    const { actor, row } = await authorizeChannels(tx, ref, workspace);
    const before = row ? chosenOf(row) : { confirmations: null, approvals: null, invitations: null };
    const changed = CHANNEL_PURPOSES.filter((purpose) => before[purpose] !== choice[purpose]);
    if (!changed.length) return { changed };
    const data = {
      confirmationsChannel: choice.confirmations,
      approvalsChannel: choice.approvals,
      invitationsChannel: choice.invitations,
    };
    await tx.slackWorkspace.upsert({
      where: { teamId: workspace },
      create: { teamId: workspace, ...data },
      update: data,
    });
    const pick = (values: ChannelChoice) => Object.fromEntries(changed.map((purpose) => [purpose, values[purpose]]));
    const name = row?.name ?? (workspace === OWN_WORKSPACE ? 'this workspace' : workspace);
    await recordAudit(tx, {
      actor,
      action: 'workspace.channels_chosen',
      target: { type: 'slack_workspace', id: workspace || null, label: name },
      organizationId: row?.organizationId ?? actor.organizationId,
      before: pick(before),
      after: pick(choice),
    });
    // Told where this workspace's confirmations go from now on, and where they went until now.
    const channelOf = (chosen: ChannelChoice) => chosen.confirmations ?? settings.notifyChannel;
    const to = [...new Set([channelOf(choice), channelOf(before)])].map((channel) => ({ workspace, channel }));
    const defaults = defaultsOf(settings);
    await announce<WorkspaceChannelsNotice>(tx, to, actor, {
      type: 'workspace.channels_chosen',
      workspace: row?.name ?? null,
      changes: changed.map((purpose) => ({ purpose, channel: choice[purpose], default: defaults[purpose] })),
    });
    return { changed };
  });
}
