import type { Database } from '../../db/client.ts';
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from '../../core/errors.ts';
import { fullName } from '../../core/users.rules.ts';
import { requireCapability, type ActorRef } from '../../core/actors.ts';
import { recordAudit, userTarget } from '../../core/audit.ts';
import { companiesOf } from '../../core/scope.ts';
import { announce } from '../../core/outbox.ts';
import { channelsFor } from '../../core/notice-routing.ts';
import type { ServiceSettings } from '../../core/settings.ts';
import { lockUserByEmail } from '../../core/user-rows.ts';
import { isUuid } from '../../core/ids.rules.ts';
import type { LocationNotice } from './company-notices.rules.ts';
import { addressSchema, locationNameSchema } from './companies.rules.ts';

export interface LocationLine {
  id: string;
  name: string;
  address: string | null;
  companyId: string;
  company: string;
  users: number;
}

/** The locations of the actor's companies, by company path and name, with how many users work there. */
export async function listLocations(
  db: Database,
  ref: ActorRef,
): Promise<{ locations: LocationLine[]; canManage: boolean }> {
  const actor = await requireCapability(db, ref, 'viewDirectory');
  const companies = await companiesOf(db, actor);
  const pathOf = new Map(companies.map((company) => [company.id, company.path]));
  const locations = await db.location.findMany({
    where: { organizationId: { in: companies.map((company) => company.id) } },
    include: { _count: { select: { users: true } } },
  });
  const lines = locations
    .map((location) => ({
      id: location.id,
      name: location.name,
      address: location.address,
      companyId: location.organizationId,
      company: pathOf.get(location.organizationId) ?? '',
      users: location._count.users,
    }))
    .sort((a, b) => a.company.localeCompare(b.company) || a.name.localeCompare(b.name));
  return { locations: lines, canManage: actor.privileges.admin };
}

function checkFields(input: { name: string; address?: string }): { name: string; address: string | null } {
  const errors: FieldErrors = {};
  const name = locationNameSchema.safeParse(input.name);
  const address = addressSchema.safeParse(input.address ?? '');
  if (!name.success) errors.name = name.error.issues[0]!.message;
  if (!address.success) errors.address = address.error.issues[0]!.message;
  if (!name.success || !address.success) throw new ValidationError(errors);
  return { name: name.data, address: address.data || null };
}

/** Adds a location to a company in scope, or changes one (Admins). Names are unique per company. */
export async function saveLocation(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  input: { id?: string; companyId: string; name: string; address?: string },
): Promise<{ id: string; name: string }> {
  const fields = checkFields(input);
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const company = (await companiesOf(tx, actor)).find((candidate) => candidate.id === input.companyId);
    if (!company)
      throw new ValidationError({
        companyId: `Choose one of your companies: ${actor.organizationName} or a customer company.`,
      });
    const existing = input.id ? await tx.location.findUnique({ where: { id: input.id } }) : null;
    if (input.id && (!existing || existing.organizationId !== company.id))
      throw new NotFoundError('That location no longer exists.');
    const clash = await tx.location.findFirst({
      where: {
        organizationId: company.id,
        key: fields.name.toLowerCase(),
        ...(existing ? { id: { not: existing.id } } : {}),
      },
    });
    if (clash) throw new ValidationError({ name: `${company.name} already has a location called ${clash.name}.` });
    const data = { ...fields, key: fields.name.toLowerCase() };
    const saved = existing
      ? await tx.location.update({ where: { id: existing.id }, data })
      : await tx.location.create({ data: { ...data, organizationId: company.id } });
    await recordAudit(tx, {
      actor,
      action: existing ? 'location.changed' : 'location.added',
      target: { type: 'location', id: saved.id, label: `${saved.name} (${company.path})` },
      organizationId: company.id,
      before: existing ? { name: existing.name, address: existing.address } : undefined,
      after: fields,
    });
    await announce<LocationNotice>(tx, await channelsFor(tx, settings, 'confirmations', company.id), actor, {
      type: existing ? 'location.changed' : 'location.added',
      location: saved.name,
      company: company.path,
    });
    return { id: saved.id, name: saved.name };
  });
}

/** Removes a location nobody works at (Admins); one in use is refused, naming who is there. */
export async function removeLocation(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  id: string,
): Promise<{ name: string }> {
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const companies = await companiesOf(tx, actor);
    const location = isUuid(id)
      ? await tx.location.findUnique({ where: { id }, include: { users: { take: 3 } } })
      : null;
    const company = companies.find((candidate) => candidate.id === location?.organizationId);
    if (!location || !company) throw new NotFoundError('That location no longer exists.');
    const count = await tx.user.count({ where: { locationId: id } });
    if (count) {
      const names = location.users.map(fullName).join(', ');
      throw new ConflictError(
        `${location.name} is the location of ${names}${count > 3 ? ` and ${count - 3} more` : ''}; move them elsewhere first.`,
      );
    }
    // Two removals at once (a double click): the second waits on the first's delete of the row,
    // then finds nothing to delete.
    const removed = await tx.location.deleteMany({ where: { id } });
    if (!removed.count) throw new NotFoundError('That location no longer exists.');
    await recordAudit(tx, {
      actor,
      action: 'location.removed',
      target: { type: 'location', id, label: `${location.name} (${company.path})` },
      organizationId: company.id,
      before: { name: location.name, address: location.address },
    });
    await announce<LocationNotice>(tx, await channelsFor(tx, settings, 'confirmations', company.id), actor, {
      type: 'location.removed',
      location: location.name,
      company: company.path,
    });
    return { name: location.name };
  });
}

/** Sets where a user of the actor's companies works: one of their company's locations, or none. */
export async function setUserLocation(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  input: { email: string; location: string | null },
): Promise<{ user: string; location: string | null }> {
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const user = await lockUserByEmail(tx, actor, input.email);
    const location = input.location
      ? await tx.location.findUnique({
          where: {
            organizationId_key: { organizationId: user.organizationId, key: input.location.trim().toLowerCase() },
          },
        })
      : null;
    if (input.location && !location) {
      throw new ValidationError({
        location: `${user.organization.name} has no location called ${input.location.trim()}. See /locations.`,
      });
    }
    await tx.user.update({
      where: { id: user.id },
      data: { locationId: location?.id ?? null, version: { increment: 1 } },
    });
    const name = fullName(user);
    await recordAudit(tx, {
      actor,
      action: 'user.location_set',
      ...userTarget(user),
      after: { location: location?.name ?? null },
    });
    await announce<LocationNotice>(tx, await channelsFor(tx, settings, 'confirmations', user.organizationId), actor, {
      type: 'location.assigned',
      location: location?.name ?? 'no location',
      company: user.organization.name,
      user: { fullName: name, email: user.email },
    });
    return { user: name, location: location?.name ?? null };
  });
}
