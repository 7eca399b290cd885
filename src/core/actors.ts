import type { Database, Tx } from '../db/client.ts';
import { NotAllowedError } from './errors.ts';
import { capabilitiesOf, type Capability, type Privileges } from './privileges.rules.ts';
import { fullName, personName } from './users.rules.ts';

/**
 * Who is asking: a stored user's id, or the Slack user linked to one — whose stored privileges are
 * read fresh from the database on every call — or a named system actor (the CLI), which may act
 * on every company and is recorded by its name.
 */
export type ActorRef =
  | { userId: string }
  /** An Enterprise Grid org's member is the same person in all its workspaces: `slackEnterpriseId` finds them from any. */
  | { slackTeamId: string; slackUserId: string; slackEnterpriseId?: string }
  | { system: string };

export interface Actor {
  /** null for a system actor. */
  id: string | null;
  /** How the audit trail names the actor: their email, or `system:<name>`. */
  label: string;
  fullName: string;
  /** The root of the actor's scope; null for a system actor, whose scope is every company. */
  organizationId: string | null;
  organizationName: string;
  privileges: Privileges;
  slackUserId: string | null;
}

/** How notices name the actor: their name and email, and their Slack link for a mention. */
export function asPerson(actor: Actor): { fullName: string; email: string | null; slackUserId: string | null } {
  return { fullName: actor.fullName, email: actor.id === null ? null : actor.label, slackUserId: actor.slackUserId };
}

/** The actor as plain text names them (an invitation's "invited by"): "Name (email)", or the system actor's name. */
export function actorName(actor: Actor): string {
  return personName(asPerson(actor));
}

/** The audit's and the notices' view of a system actor such as the CLI. */
function systemActor(name: string): Actor {
  return {
    id: null,
    label: `system:${name}`,
    fullName: `Switchboard ${name}`,
    organizationId: null,
    organizationName: 'all companies',
    privileges: { active: true, admin: true, portalAccess: true },
    slackUserId: null,
  };
}

const CAPABILITY_NEEDS: Record<Capability, string> = {
  ownProfile: 'an active Switchboard user',
  viewDirectory: 'the Portal Access or Admin privilege',
  manageUsers: 'the Admin privilege',
};

/** Loads the actor's stored privileges and refuses unless they have `capability`. */
export async function requireCapability(db: Database | Tx, ref: ActorRef, capability: Capability): Promise<Actor> {
  if ('system' in ref) return systemActor(ref.system);
  const user = await findActorUser(db, ref);
  if (!user) {
    throw new NotAllowedError(
      'userId' in ref ? 'Your Switchboard user no longer exists. Ask an admin of your company.' : NOT_LINKED_MESSAGE,
    );
  }
  const actor: Actor = {
    id: user.id,
    label: user.email,
    fullName: fullName(user),
    organizationId: user.organizationId,
    organizationName: user.organization.name,
    privileges: { active: user.active, admin: user.admin, portalAccess: user.portalAccess },
    slackUserId: user.slackUserId,
  };
  if (!actor.privileges.active) {
    throw new NotAllowedError(
      `Your Switchboard user (${actor.label}) is deactivated. Ask an admin of ${actor.organizationName} to reactivate you.`,
    );
  }
  if (!capabilitiesOf(actor.privileges).has(capability)) {
    throw new NotAllowedError(
      `This needs ${CAPABILITY_NEEDS[capability]}, which your user (${actor.label}) does not have. Ask an admin of ${actor.organizationName}.`,
    );
  }
  return actor;
}

/**
 * The stored user behind `ref`: linked in this workspace, or in any workspace of its Enterprise
 * Grid org. A user bootstrapped without a Slack team is linked to the team of their first request.
 */
async function findActorUser(db: Database | Tx, ref: Exclude<ActorRef, { system: string }>) {
  if ('userId' in ref) {
    return db.user.findUnique({
      relationLoadStrategy: 'join',
      where: { id: ref.userId },
      include: { organization: true },
    });
  }
  // One prepared query for the user and their company: it runs on every request. A link with this
  // workspace comes before one whose workspace is not known yet (linking takes the account's lock
  // and refuses a second holder, so there is at most one; older data might hold two).
  const [row] = await db.$queryRaw<ActorRow[]>`/* prepared: actor-by-slack-user */
    SELECT u.id::text AS id, u.email, u.first_name AS "firstName", u.last_name AS "lastName",
      u.organization_id::text AS "organizationId", o.name AS "organizationName",
      u.active, u.admin, u.portal_access AS "portalAccess", u.slack_user_id AS "slackUserId",
      u.slack_team_id AS "slackTeamId", u.slack_enterprise_id AS "slackEnterpriseId"
    FROM "user" u JOIN organization o ON o.id = u.organization_id
    WHERE u.slack_user_id = ${ref.slackUserId}
      AND (u.slack_team_id = ${ref.slackTeamId} OR u.slack_enterprise_id = ${ref.slackEnterpriseId || null}
        OR u.slack_team_id IS NULL)
    ORDER BY u.slack_team_id ASC NULLS LAST
    LIMIT 1`;
  const user = row && { ...row, organization: { name: row.organizationName } };
  if (user && user.slackTeamId === null) {
    // Only while still unknown: a concurrent first request may have set it already.
    const { count } = await db.user.updateMany({
      where: { id: user.id, slackTeamId: null },
      data: { slackTeamId: ref.slackTeamId, slackEnterpriseId: ref.slackEnterpriseId ?? null },
    });
    // Direct messages queued while their workspace was unknown go to the one now known (with many
    // workspaces the deployment's own, '', has no token: they would wait forever).
    if (count) {
      await db.outboxMessage.updateMany({
        where: { workspace: '', destination: ref.slackUserId, status: { in: ['pending', 'held'] }, key: null },
        data: { workspace: ref.slackTeamId, status: 'pending' },
      });
    }
  } else if (user && ref.slackEnterpriseId && user.slackEnterpriseId === null && user.slackTeamId === ref.slackTeamId) {
    // Linked in one workspace of an org before its org was known: from now on any of its workspaces finds them.
    await db.user.updateMany({
      where: { id: user.id, slackEnterpriseId: null },
      data: { slackEnterpriseId: ref.slackEnterpriseId },
    });
  }
  return user;
}

interface ActorRow {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  organizationId: string;
  organizationName: string;
  active: boolean;
  admin: boolean;
  portalAccess: boolean;
  slackUserId: string | null;
  slackTeamId: string | null;
  slackEnterpriseId: string | null;
}

export const NOT_LINKED_MESSAGE =
  'Your Slack account is not linked to a Switchboard user, so Switchboard can’t act for you. ' +
  'An admin of your company can link it with Edit on your card (`/users your@email`), or when adding you with `/adduser`; ' +
  'or the operator can, with `switchboard users link <your email> --slack-user <your member id>`.';
