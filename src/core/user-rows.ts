import type { Tx } from '../db/client.ts';
import { NotAllowedError, NotFoundError } from './errors.ts';
import type { Actor } from './actors.ts';
import { companiesOf } from './scope.ts';
import { isUuid } from './ids.rules.ts';

/** Reads a user with their company and locks the row until the transaction ends, so concurrent changes queue up. */
export async function lockUser(tx: Tx, userId: string) {
  if (!isUuid(userId)) return null;
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "user" WHERE id = ${userId}::uuid FOR UPDATE`;
  if (!locked.length) return null;
  return tx.user.findUnique({ where: { id: userId }, include: { organization: { select: { name: true } } } });
}

export type LockedUser = NonNullable<Awaited<ReturnType<typeof lockUser>>>;

/** Locks the user with this email, if they are in the actor's scope; otherwise says there is none. */
export async function lockUserByEmail(tx: Tx, actor: Actor, email: string): Promise<LockedUser> {
  const found = await tx.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true } });
  const user = found ? await lockUser(tx, found.id) : null;
  const inScope = user && (await companiesOf(tx, actor)).some((company) => company.id === user.organizationId);
  if (!user || !inScope) throw new NotFoundError(`No user with the email ${email.trim()} in your companies.`);
  return user;
}

/**
 * Refuses a change that would leave the user's company without an active admin (the user is one
 * now, and would not be after). Locks the company row so two such changes can't both pass.
 */
export async function keepOneActiveAdmin(tx: Tx, target: LockedUser) {
  if (!target.active || !target.admin) return;
  await tx.$queryRaw`SELECT id FROM organization WHERE id = ${target.organizationId}::uuid FOR UPDATE`;
  const others = await tx.user.count({
    where: { organizationId: target.organizationId, active: true, admin: true, id: { not: target.id } },
  });
  if (others === 0) {
    throw new NotAllowedError(
      `This is the last active admin of ${target.organization.name}; a company keeps at least one. Make someone else an admin first.`,
    );
  }
}
