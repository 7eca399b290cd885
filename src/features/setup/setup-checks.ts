import type { Database, Tx } from '../../db/client.ts';
import { requireCapability, type Actor, type ActorRef } from '../../core/actors.ts';
import { ValidationError, type FieldErrors } from '../../core/errors.ts';
import { isUuid } from '../../core/ids.rules.ts';
import { toE164 } from '../../core/phone.rules.ts';
import { companyWithId } from '../../core/scope.ts';
import type { ServiceSettings } from '../../core/settings.ts';
import { fullName } from '../../core/users.rules.ts';
import { checkExtension, deviceLabel } from '../telephony/index.ts';
import {
  checkDetails,
  checkEquipmentShape,
  checkTelephonyShape,
  stationSeatError,
  type SetupState,
} from './setup.rules.ts';

/** A wizard step's answers were refused; `step` is where to show it (1, 2 or 3). */
export class SetupStepError extends ValidationError {
  constructor(
    readonly step: 1 | 2 | 3,
    fields: FieldErrors,
  ) {
    super(fields);
  }
}

type Checker = Database | Tx;

export async function checkStep1(db: Checker, actor: Actor, state: SetupState) {
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

export async function checkStep2(db: Checker, settings: ServiceSettings, organizationId: string, state: SetupState) {
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

export async function checkStep3(db: Checker, organizationId: string, state: SetupState) {
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
