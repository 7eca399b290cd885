import { addMinutes } from 'date-fns';
import type { Database, Tx } from '../../db/client.ts';
import { Prisma } from '../../db/generated/client.ts';
import { checkExtension } from '../telephony/index.ts';
import { ValidationError, type FieldErrors } from '../../core/errors.ts';
import { toE164 } from '../../core/phone.rules.ts';
import {
  checkDetails,
  checkEquipmentShape,
  checkTelephonyShape,
  stationSeatError,
  type SetupState,
} from './setup.rules.ts';
import { fullName, personLabel, searchTextOf } from '../../core/users.rules.ts';
import { requireCapability, type Actor, type ActorRef } from '../../core/actors.ts';
import { recordAudit } from '../../core/audit.ts';
import { deviceLabel } from '../telephony/index.ts';
import { companyWithId } from '../../core/scope.ts';
import { announce } from '../../core/outbox.ts';
import { claimSeats } from '../licenses/index.ts';
import type { ServiceSettings } from '../../core/settings.ts';
import { isUuid } from '../../core/ids.rules.ts';
import type { UserSetUpNotice } from './setup-notices.rules.ts';

/** A wizard step's answers were refused; `step` is where to show it (1, 2 or 3). */
export class SetupStepError extends ValidationError {
  constructor(
    readonly step: 1 | 2 | 3,
    fields: FieldErrors,
  ) {
    super(fields);
  }
}

export interface SetupChoices {
  company: string;
  stations: { name: string; free: number }[];
  applications: string[];
  /** `address`: how people name it (its MAC or number). */
  devices: { id: string; label: string; address: string }[];
  locations: { id: string; name: string }[];
  groups: string[];
}

/** What a company can offer a user (the wizard, the card): stations with their free seats, applications, free devices, locations, call groups. */
export async function setupChoices(db: Database, ref: ActorRef, organizationId: string): Promise<SetupChoices> {
  const actor = await requireCapability(db, ref, 'manageUsers');
  const company = await companyWithId(db, actor, organizationId);
  const [organization, pools, held, devices, locations, groups] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: company.id } }),
    db.licensePool.findMany({
      where: { organizationId: company.id, product: { kind: 'station' } },
      include: { product: true },
    }),
    db.licenseAssignment.groupBy({
      by: ['productId'],
      where: { station: true, user: { organizationId: company.id } },
      _count: true,
    }),
    db.device.findMany({
      where: { organizationId: company.id, userId: null },
      take: 100,
      orderBy: [{ kind: 'asc' }, { mac: 'asc' }],
    }),
    db.location.findMany({ where: { organizationId: company.id }, orderBy: { key: 'asc' }, take: 100 }),
    db.callGroup.findMany({ where: { organizationId: company.id }, orderBy: { key: 'asc' }, take: 100 }),
  ]);
  const inUse = new Map(held.map((row) => [row.productId, row._count]));
  return {
    company: company.path,
    stations: pools.map((pool) => ({ name: pool.product.name, free: pool.seats - (inUse.get(pool.productId) ?? 0) })),
    applications: organization.applications,
    devices: devices.map((device) => ({
      id: device.id,
      label: deviceLabel(device),
      address: device.mac ?? device.number ?? '',
    })),
    locations: locations.map((location) => ({ id: location.id, name: location.name })),
    groups: groups.map((group) => group.name),
  };
}

/** Free numbers of a company's pool matching `search` (digits), for the wizard's picker. */
export async function freeNumbersOf(
  db: Database,
  ref: ActorRef,
  organizationId: string,
  search = '',
): Promise<string[]> {
  const actor = await requireCapability(db, ref, 'manageUsers');
  const company = await companyWithId(db, actor, organizationId).catch(() => null);
  if (!company) return [];
  const digits = search.replace(/\D/g, '');
  const rows = await db.phoneNumber.findMany({
    where: { organizationId: company.id, userId: null, ...(digits ? { number: { contains: digits } } : {}) },
    orderBy: { number: 'asc' },
    take: 100,
  });
  return rows.map((row) => row.number);
}

type Checker = Database | Tx;

async function checkStep1(db: Checker, actor: Actor, state: SetupState) {
  const details = checkDetails(state.details);
  if (!details.ok) throw new SetupStepError(1, details.errors);
  await companyWithId(db, actor, details.value.organizationId).catch(() => {
    throw new SetupStepError(1, { organizationId: 'Choose one of your companies.' });
  });
  const { email, loginId } = details.value;
  const taken = await db.user.findFirst({
    where: { OR: [{ email }, { loginId: email }, { email: loginId }, { loginId }] },
  });
  if (taken?.email === email || taken?.loginId === email)
    throw new SetupStepError(1, { email: `${email} is a user already; find them with /users.` });
  if (taken) throw new SetupStepError(1, { loginId: `The user ID ${loginId} is taken; choose another.` });
  return details.value;
}

async function checkStep2(db: Checker, settings: ServiceSettings, organizationId: string, state: SetupState) {
  const shape = checkTelephonyShape(state.telephony);
  if (!shape.ok) throw new SetupStepError(2, shape.errors);
  const telephony = shape.value;
  const errors: FieldErrors = {};
  let number: string | null = null;
  if (telephony.number) {
    const parsed = toE164(telephony.number, settings.defaultPhoneRegion);
    const row = parsed.ok
      ? await db.phoneNumber.findUnique({ where: { number: parsed.e164 }, include: { user: true } })
      : null;
    if (!row || row.organizationId !== organizationId)
      errors.number = `${telephony.number} is not in this company's pool.`;
    else if (row.user) errors.number = `${row.number} was taken by ${fullName(row.user)} meanwhile; pick another.`;
    else number = row.number;
  }
  let extension: string | null = null;
  if (telephony.extension) {
    const organization = await db.organization.findUniqueOrThrow({ where: { id: organizationId } });
    const checked = checkExtension(telephony.extension, {
      min: organization.extensionMinDigits,
      max: organization.extensionMaxDigits,
    });
    if (!checked.ok) Object.assign(errors, checked.errors);
    else {
      const holder = await db.user.findFirst({ where: { organizationId, extension: checked.value } });
      if (holder)
        errors.extension = `Extension ${checked.value} is taken by ${fullName(holder)}; /extensions shows the next free one.`;
      else extension = checked.value;
    }
  }
  const organization = await db.organization.findUniqueOrThrow({ where: { id: organizationId } });
  let station: { id: string; name: string } | null = null;
  if (telephony.station) {
    station = await db.product.findFirst({ where: { key: telephony.station.toLowerCase(), kind: 'station' } });
    if (!station) errors.station = `There is no station package called ${telephony.station}.`;
    else {
      // As claimSeats counts them; Save takes the seat under the pool's lock and counts again.
      const pool = await db.licensePool.findUnique({
        where: { organizationId_productId: { organizationId, productId: station.id } },
      });
      const inUse = await db.licenseAssignment.count({ where: { productId: station.id, user: { organizationId } } });
      const full = stationSeatError({ name: station.name, seats: pool?.seats ?? 0, inUse }, organization.name);
      if (full) errors.station = full;
    }
  }
  const unknown = telephony.applications.filter((app) => !organization.applications.includes(app));
  if (unknown.length) errors.applications = `${organization.name} does not offer ${unknown.join(', ')}.`;
  if (Object.keys(errors).length) throw new SetupStepError(2, errors);
  return { number, extension, station, applications: telephony.applications };
}

async function checkStep3(db: Checker, organizationId: string, state: SetupState) {
  const shape = checkEquipmentShape(state.equipment);
  if (!shape.ok) throw new SetupStepError(3, shape.errors);
  const errors: FieldErrors = {};
  const { deviceId, locationId } = shape.value;
  const device =
    deviceId && isUuid(deviceId)
      ? await db.device.findUnique({ where: { id: deviceId }, include: { user: true } })
      : null;
  if (deviceId && (!device || device.organizationId !== organizationId))
    errors.device = 'Choose one of this company’s devices.';
  else if (device?.user) {
    errors.device = `${deviceLabel(device)} was assigned to ${fullName(device.user)} meanwhile; pick another.`;
  }
  const location =
    locationId && isUuid(locationId) ? await db.location.findUnique({ where: { id: locationId } }) : null;
  if (locationId && (!location || location.organizationId !== organizationId))
    errors.location = 'Choose one of this company’s locations.';
  if (Object.keys(errors).length) throw new SetupStepError(3, errors);
  return { device, ports: Number(shape.value.ports), location };
}

/** Checks one step of the wizard (and those before it) against the database, changing nothing. */
export async function checkSetupStep(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  step: 1 | 2 | 3,
  state: SetupState,
) {
  const actor = await requireCapability(db, ref, 'manageUsers');
  const details = await checkStep1(db, actor, state);
  if (step >= 2) await checkStep2(db, settings, details.organizationId, state);
  if (step >= 3) await checkStep3(db, details.organizationId, state);
  return details;
}

/**
 * Saves the wizard: the user, their number or extension, station, applications, device and
 * location, in one transaction; a welcome goes out as an invitation (Slack DM or email) and the
 * set-up is announced. What was taken by someone else while the wizard was open is refused with
 * the step to fix it (SetupStepError), and nothing is created.
 */
export async function setUpUser(db: Database, settings: ServiceSettings, ref: ActorRef, state: SetupState) {
  try {
    return await db.$transaction(async (tx) => {
      const actor = await requireCapability(tx, ref, 'manageUsers');
      const details = await checkStep1(tx, actor, state);
      const company = await companyWithId(tx, actor, details.organizationId);
      const organizationId = company.id;
      // Lock what may be taken concurrently, then check it under the lock.
      if (state.telephony.number) {
        const parsed = toE164(state.telephony.number, settings.defaultPhoneRegion);
        if (parsed.ok) await tx.$queryRaw`SELECT id FROM phone_number WHERE number = ${parsed.e164} FOR UPDATE`;
      }
      if (isUuid(state.equipment.deviceId)) {
        await tx.$queryRaw`SELECT id FROM device WHERE id = ${state.equipment.deviceId}::uuid FOR UPDATE`;
      }
      const telephony = await checkStep2(tx, settings, organizationId, state);
      const equipment = await checkStep3(tx, organizationId, state);
      const now = new Date();
      const person = { firstName: details.firstName, lastName: details.lastName, email: details.email };
      const user = await tx.user.create({
        data: {
          ...person,
          organizationId,
          loginId: details.loginId,
          active: false,
          invitedAt: now,
          extension: telephony.extension,
          applications: telephony.applications,
          locationId: equipment.location?.id ?? null,
          searchText: searchTextOf({ ...person, title: null, officePhone: null, mobilePhone: null, faxPhone: null }),
        },
      });
      const given: string[] = [];
      if (telephony.number) {
        await tx.phoneNumber.update({
          where: { number: telephony.number },
          data: { userId: user.id, assignedAt: now },
        });
        given.push(telephony.number);
      }
      if (telephony.extension) given.push(`extension ${telephony.extension}`);
      if (telephony.station) {
        const pool = {
          organizationId,
          companyName: company.name,
          productId: telephony.station.id,
          productName: telephony.station.name,
        };
        await claimSeats(tx, { ...pool, station: true }, 1).catch((error: Error) => {
          throw new SetupStepError(2, { station: error.message });
        });
        await tx.licenseAssignment.create({
          data: { userId: user.id, productId: telephony.station.id, station: true },
        });
        given.push(`${telephony.station.name} station`);
      }
      if (telephony.applications.length) given.push(telephony.applications.join(' + '));
      if (equipment.device) {
        await tx.device.update({
          where: { id: equipment.device.id },
          data: { userId: user.id, assignedAt: now, ports: equipment.ports },
        });
        given.push(deviceLabel({ ...equipment.device, ports: equipment.ports }));
      }
      if (equipment.location) given.push(`at ${equipment.location.name}`);
      await tx.invitation.create({
        data: {
          userId: user.id,
          status: 'sent',
          deliverAt: now,
          sentAt: now,
          expiresAt: addMinutes(now, settings.invitations.ttlMinutes),
          invitedBy: actor.fullName,
        },
      });
      await recordAudit(tx, {
        actor,
        action: 'user.set_up',
        target: { type: 'user', id: user.id, label: personLabel(user) },
        organizationId,
        after: { loginId: details.loginId, given },
      });
      await announce<UserSetUpNotice>(tx, settings.notifyChannel, actor, {
        type: 'user.set_up',
        user: { fullName: fullName(user), email: user.email },
        company: company.path,
        given,
      });
      return { userId: user.id, fullName: fullName(user), email: user.email, company: company.path, given };
    });
  } catch (error) {
    // The unique indexes are the last word on numbers, extensions and emails taken meanwhile.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new SetupStepError(2, { extension: 'That extension (or email) was taken meanwhile; check and try again.' });
    }
    throw error;
  }
}
