import type { Database, Tx } from '../db/client.ts';
import { NotAllowedError } from '../domain/errors.ts';
import { capabilitiesOf, type Capability, type Privileges } from '../domain/privileges.ts';
import { fullName } from '../domain/users.ts';

/** Who is asking: the id of a stored user. Privileges are always read fresh from the database. */
export interface ActorRef {
  userId: string;
}

export interface Actor {
  id: string;
  email: string;
  fullName: string;
  organizationId: string;
  organizationName: string;
  privileges: Privileges;
  slackUserId: string | null;
}

const CAPABILITY_NEEDS: Record<Capability, string> = {
  ownProfile: 'an active Switchboard user',
  viewDirectory: 'the Portal Access or Admin privilege',
  manageUsers: 'the Admin privilege',
};

/** Loads the actor's stored privileges and refuses unless they have `capability`. */
export async function requireCapability(
  db: Database | Tx,
  ref: ActorRef,
  capability: Capability,
): Promise<Actor> {
  const user = await db.user.findUnique({
    where: { id: ref.userId },
    include: { organization: true },
  });
  if (!user) {
    throw new NotAllowedError('Your Switchboard user no longer exists. Ask an admin of your company.');
  }
  const actor: Actor = {
    id: user.id,
    email: user.email,
    fullName: fullName(user),
    organizationId: user.organizationId,
    organizationName: user.organization.name,
    privileges: { active: user.active, admin: user.admin, portalAccess: user.portalAccess },
    slackUserId: user.slackUserId,
  };
  if (!actor.privileges.active) {
    throw new NotAllowedError(
      `Your Switchboard user (${actor.email}) is deactivated. Ask an admin of ${actor.organizationName} to reactivate you.`,
    );
  }
  if (!capabilitiesOf(actor.privileges).has(capability)) {
    throw new NotAllowedError(
      `This needs ${CAPABILITY_NEEDS[capability]}, which your user (${actor.email}) does not have. Ask an admin of ${actor.organizationName}.`,
    );
  }
  return actor;
}

/**
 * Finds the stored user linked to a Slack user. A user bootstrapped with no team is linked to the
 * team of their first request (one Switchboard app serves one workspace).
 */
export async function findSlackLinkedUser(db: Database, teamId: string, slackUserId: string) {
  const linked = await db.user.findUnique({
    where: { slackTeamId_slackUserId: { slackTeamId: teamId, slackUserId } },
  });
  if (linked) return linked;
  const unclaimed = await db.user.findFirst({ where: { slackTeamId: null, slackUserId } });
  if (!unclaimed) return null;
  return db.user.update({ where: { id: unclaimed.id }, data: { slackTeamId: teamId } });
}

export const NOT_LINKED_MESSAGE =
  'Your Slack account is not linked to a Switchboard user, so Switchboard can’t act for you. ' +
  'Ask an admin of your company to add you with your Slack account linked.';
