import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Database, Tx } from '../../db/client.ts';
import type { InputJsonValue } from '../../db/generated/internal/prismaNamespace.ts';
import type { Logger } from '../../core/logger.ts';
import { recordAudit } from '../../core/audit.ts';
import { releaseHeldNotices } from '../../core/outbox.ts';
import { expiryOf, installationKey } from './workspaces.rules.ts';

/** A workspace as Slack names it. */
export interface SlackTeam {
  id: string;
  name?: string;
}

/**
 * The workspaces an org-wide install reaches, asked of Slack with its bot token (auth.teams.list);
 * given to the store by the Slack layer (org-teams.slack.ts), so the store itself reaches no network.
 */
export type OrgTeams = (botToken: string) => Promise<SlackTeam[]>;

/** No installation answers the query: the app is not installed there (Bolt expects fetchInstallation to throw). */
export class NoInstallation extends Error {
  constructor(what: string) {
    super(`Switchboard is not installed in ${what}`);
    this.name = 'NoInstallation';
  }
}

/** Whether `error` (or what it wraps: Bolt's AuthorizationError keeps it as `original` and `cause`) is NoInstallation. */
export function isNoInstallation(error: unknown): boolean {
  for (let at: unknown = error, depth = 0; at && depth < 5; depth += 1) {
    if (at instanceof NoInstallation) return true;
    at = (at as { original?: unknown; cause?: unknown }).original ?? (at as { cause?: unknown }).cause;
  }
  return false;
}

/** Who the audit trail names for what Slack did on its own (an install by someone Switchboard doesn't know, an uninstall). */
const SLACK = { id: null, label: 'system:slack' };

type AnyInstallation = Installation<'v1' | 'v2', boolean>;

/**
 * Bolt's InstallationStore over `slack_installation` (distribution mode). An install (or a token
 * rotation, which Bolt stores through the same call) also records the workspaces it reaches in
 * `slack_workspace`, links those not linked yet to the installer's company when the installer is a
 * stored admin, and sends the notices held while the workspace had no token.
 */
export function workspaceInstallationStore(db: Database, orgTeams: OrgTeams, logger?: Logger): InstallationStore {
  return {
    async storeInstallation(installation) {
      // A rotation (inside a request's authorize, too) never waits for Slack to list an org's workspaces.
      const teams = (await isRotation(db, installation)) ? [] : await teamsOf(installation, orgTeams, logger);
      const outcome = await recordInstallation(db, installation, teams);
      if (outcome.released || outcome.linked.length) {
        logger?.info(
          { installation: outcome.key, linked: outcome.linked, released: outcome.released },
          'Slack installation stored',
        );
      }
    },
    async fetchInstallation(query) {
      const row = await findInstallation(db, query);
      if (!row) throw new NoInstallation(describeQuery(query));
      return row.installation as unknown as AnyInstallation;
    },
    async deleteInstallation(query) {
      // No user tokens are kept: deleting one person's tokens leaves the installation as it is.
      if (query.userId) return;
      const key = query.isEnterpriseInstall ? query.enterpriseId : query.teamId;
      if (key) await removeInstallation(db, key);
    },
  };
}

/** The workspaces an installation reaches: its own, or (org-wide) the org's as Slack lists them, asked before any transaction. */
async function teamsOf(installation: AnyInstallation, orgTeams: OrgTeams, logger?: Logger): Promise<SlackTeam[]> {
  if (!installation.isEnterpriseInstall) return installation.team ? [installation.team] : [];
  if (!installation.bot?.token) return [];
  try {
    return await orgTeams(installation.bot.token);
  } catch (error) {
    // The install stands; its workspaces become known as their people use the app.
    logger?.warn(
      { enterprise: installation.enterprise?.id, error: (error as Error).message },
      'Could not list the workspaces of an org-wide install (auth.teams.list)',
    );
    return [];
  }
}

function describeQuery(query: InstallationQuery<boolean>): string {
  if (query.isEnterpriseInstall) return `the org ${query.enterpriseId ?? '(none)'}`;
  return `the workspace ${query.teamId ?? '(none)'}${query.enterpriseId ? ` (org ${query.enterpriseId})` : ''}`;
}

/**
 * The installation that speaks for the query: an org-wide one by its org; a workspace by its own
 * install, else the org-wide install of its org.
 */
async function findInstallation(db: Database, query: InstallationQuery<boolean>) {
  if (query.isEnterpriseInstall) {
    return query.enterpriseId
      ? db.slackInstallation.findFirst({ where: { id: query.enterpriseId, isEnterpriseInstall: true } })
      : null;
  }
  const own = query.teamId
    ? await db.slackInstallation.findFirst({ where: { id: query.teamId, isEnterpriseInstall: false } })
    : null;
  if (own || !query.enterpriseId) return own;
  return db.slackInstallation.findFirst({ where: { id: query.enterpriseId, isEnterpriseInstall: true } });
}

/** Whether storing `installation` only rotates the tokens of the stored one. */
async function isRotation(db: Database, installation: AnyInstallation): Promise<boolean> {
  const previous = await db.slackInstallation.findUnique({
    where: { id: installationKey(installation) },
    select: { installation: true },
  });
  return (
    previous !== null &&
    withoutTokens(previous.installation as unknown as AnyInstallation) === withoutTokens(installation)
  );
}

/** The installation without its tokens: what a rotation leaves unchanged. */
function withoutTokens(installation: AnyInstallation | undefined): string {
  if (!installation) return '';
  const { bot, user, ...rest } = installation;
  const strip = <T extends object | undefined>(part: T) => {
    if (!part) return part;
    const { token: _token, refreshToken: _refresh, expiresAt: _expires, ...kept } = part as Record<string, unknown>;
    return kept;
  };
  return canonical({ ...rest, bot: strip(bot), user: strip(user) });
}

/** JSON with every object's keys sorted (PostgreSQL's jsonb keeps its own order) and undefined left out. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

interface Stored {
  key: string;
  /** Workspaces linked to the installer's company by this install. */
  linked: string[];
  /** Held notices sent again. */
  released: number;
}

async function recordInstallation(db: Database, installation: AnyInstallation, teams: SlackTeam[]): Promise<Stored> {
  const key = installationKey(installation);
  const orgWide = Boolean(installation.isEnterpriseInstall);
  const enterpriseId = installation.enterprise?.id ?? null;
  return db.$transaction(async (tx) => {
    const [previous] = await tx.$queryRaw<{ installation: AnyInstallation }[]>`
      SELECT installation FROM slack_installation WHERE id = ${key} FOR UPDATE`;
    // A rotation (Bolt stores the rotated tokens through storeInstallation) changes only tokens.
    const rotation = previous !== undefined && withoutTokens(previous.installation) === withoutTokens(installation);
    const data = {
      enterpriseId,
      teamId: orgWide ? null : (installation.team?.id ?? null),
      isEnterpriseInstall: orgWide,
      // Bolt's Installation is plain JSON data (strings, numbers, arrays); Prisma's type can't see it.
      installation: JSON.parse(JSON.stringify(installation)) as InputJsonValue,
      botTokenExpiresAt: expiryOf(installation.bot?.expiresAt),
    };
    await tx.slackInstallation.upsert({ where: { id: key }, create: { id: key, ...data }, update: data });
    for (const team of teams) {
      await tx.slackWorkspace.upsert({
        where: { teamId: team.id },
        create: { teamId: team.id, enterpriseId, name: team.name ?? null },
        update: { ...(enterpriseId ? { enterpriseId } : {}), ...(team.name ? { name: team.name } : {}) },
      });
    }
    // An org's workspaces Slack did not list now but Switchboard knows: the install speaks for them too.
    const known = orgWide && enterpriseId ? await tx.slackWorkspace.findMany({ where: { enterpriseId } }) : [];
    const teamIds = [...new Set([...teams.map((team) => team.id), ...known.map((row) => row.teamId)])];
    const installer = rotation ? null : await installingAdmin(tx, installation, teamIds);
    const linked = installer ? await linkUnlinked(tx, teamIds, installer) : [];
    const released = teamIds.length ? await releaseHeldNotices(tx, teamIds) : 0;
    if (!rotation) {
      const own = teams.find((team) => team.id === installation.team?.id);
      const company = own
        ? (await tx.slackWorkspace.findUnique({ where: { teamId: own.id } }))?.organizationId
        : installer?.organizationId;
      await recordAudit(tx, {
        actor: installer ? { id: installer.id, label: installer.email } : SLACK,
        action: previous ? 'workspace.reinstalled' : 'workspace.installed',
        target: {
          type: 'slack_workspace',
          id: key,
          label: (orgWide ? installation.enterprise?.name : installation.team?.name) ?? key,
        },
        organizationId: company ?? null,
        after: {
          orgWide,
          enterprise: enterpriseId,
          workspaces: teams.map((team) => team.name ?? team.id),
          installedBy: installation.user?.id ?? null,
          scopes: installation.bot?.scopes ?? [],
          noticesReleased: released,
        },
      });
    }
    return { key, linked, released };
  });
}

/**
 * The installer, when they are a stored active admin linked in one of the installed workspaces (or
 * their org), or linked by member id alone (bootstrapped: their workspace is learned as they act).
 */
async function installingAdmin(tx: Tx, installation: AnyInstallation, teamIds: string[]) {
  const slackUserId = installation.user?.id;
  if (!slackUserId) return null;
  const enterpriseId = installation.enterprise?.id;
  return tx.user.findFirst({
    where: {
      slackUserId,
      active: true,
      admin: true,
      OR: [
        { slackTeamId: { in: teamIds } },
        ...(enterpriseId ? [{ slackEnterpriseId: enterpriseId }] : []),
        { slackTeamId: null },
      ],
    },
    orderBy: { slackTeamId: { sort: 'asc', nulls: 'last' } },
    include: { organization: { select: { name: true } } },
  });
}

/** Links the workspaces no company holds yet to the installer's company; audited per workspace. */
async function linkUnlinked(
  tx: Tx,
  teamIds: string[],
  installer: { id: string; email: string; organizationId: string; organization: { name: string } },
): Promise<string[]> {
  const rows = await tx.$queryRaw<{ team_id: string; name: string | null }[]>`
    UPDATE slack_workspace SET organization_id = ${installer.organizationId}::uuid, updated_at = now()
    WHERE team_id = ANY(${teamIds}::text[]) AND organization_id IS NULL
    RETURNING team_id, name`;
  for (const row of rows) {
    await recordAudit(tx, {
      actor: { id: installer.id, label: installer.email },
      action: 'workspace.linked',
      target: { type: 'slack_workspace', id: row.team_id, label: row.name ?? row.team_id },
      organizationId: installer.organizationId,
      before: { company: null },
      after: { company: installer.organization.name, by: 'installing the app' },
    });
  }
  return rows.map((row) => row.team_id);
}

/**
 * Deletes an installation (by its key: a team id, or an org's enterprise id): Slack said the app
 * was uninstalled or its bot token revoked. The workspace rows and their company links stay, so a
 * re-install picks up where it left; notices for them are held meanwhile (the dispatcher finds no
 * token). Returns whether there was one.
 */
export async function removeInstallation(db: Database, key: string, reason = 'uninstalled'): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ team_id: string | null; enterprise_id: string | null; name: string | null }[]>`
      DELETE FROM slack_installation WHERE id = ${key}
      RETURNING team_id, enterprise_id,
        COALESCE(installation->'team'->>'name', installation->'enterprise'->>'name') AS name`;
    if (!row) return false;
    const workspace = row.team_id ? await tx.slackWorkspace.findUnique({ where: { teamId: row.team_id } }) : null;
    await recordAudit(tx, {
      actor: SLACK,
      action: 'workspace.uninstalled',
      target: { type: 'slack_workspace', id: key, label: row.name ?? key },
      organizationId: workspace?.organizationId ?? null,
      after: { reason, enterprise: row.enterprise_id },
    });
    return true;
  });
}
