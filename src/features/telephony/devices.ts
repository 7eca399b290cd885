import { LIST_PAGE_SIZE, pageAt } from '../../core/lists.rules.ts';
import type { Database, Tx } from '../../db/client.ts';
import {
  checkPorts,
  formatEuros,
  FREE_DEVICES,
  monthlyDeviceFeeCents,
  normalizeMac,
  type DeviceKind,
} from './devices.rules.ts';
import { ConflictError, DomainError, NotFoundError, ValidationError } from '../../core/errors.ts';
import { formatPhone, toE164 } from '../../core/phone.rules.ts';
import { checkText, quote } from '../../core/text.rules.ts';
import { fullName, personName } from '../../core/users.rules.ts';
import { requireCapability, type Actor, type ActorRef } from '../../core/actors.ts';
import { recordAudit } from '../../core/audit.ts';
import { companiesOf, companyNamed } from '../../core/scope.ts';
import { announce } from '../../core/outbox.ts';
import { channelsFor } from '../../core/notice-routing.ts';
import type { ServiceSettings } from '../../core/settings.ts';
import { lockUser, lockUserByEmail } from '../../core/user-rows.ts';
import { isUuid } from '../../core/ids.rules.ts';
import type { TelephonyNotice } from './telephony-notices.rules.ts';
import { recordAssignment } from './assignments.ts';

const MAX_MODEL_LENGTH = 60;

/** A device as people read it: "VoIP phone 00:1A:… (Yealink T54W, 2 ports)", "mobile +49…". */
export function deviceLabel(device: {
  kind: DeviceKind;
  mac: string | null;
  model: string | null;
  number: string | null;
  ports: number;
}) {
  if (device.kind === 'voip') {
    const details = [device.model, device.ports > 1 ? `${device.ports} ports` : null].filter(Boolean).join(', ');
    return `VoIP phone ${device.mac}${details ? ` (${details})` : ''}`;
  }
  return `${device.kind === 'mobile' ? 'mobile' : 'external phone'} ${formatPhone(device.number ?? '')}`;
}

/** Assigning this device would start a monthly fee: the admin must confirm it first. */
export class DeviceFeeConfirmationNeeded extends DomainError {
  constructor(
    readonly user: string,
    readonly devices: number,
    readonly monthlyFee: string,
  ) {
    super(
      `This would be device ${devices} of ${user}: devices beyond ${FREE_DEVICES} cost ${monthlyFee} a month in all. Confirm to assign it.`,
    );
  }
}

interface NewDevice {
  kind: DeviceKind;
  /** VoIP phones: the MAC address. Mobile and external phones: the number. */
  address: string;
  model?: string;
  ports?: string | number;
  company?: string;
}

/** Adds a device to a company's stock (Admins). A MAC or number already known is refused, naming it. */
export async function addDevice(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  input: NewDevice,
): Promise<{ company: string; device: string }> {
  const ports = checkPorts(input.ports);
  if (!ports.ok) throw new ValidationError(ports.errors);
  let mac: string | null = null;
  let number: string | null = null;
  if (input.kind === 'voip') {
    const checked = normalizeMac(input.address);
    if (!checked.ok) throw new ValidationError(checked.errors);
    mac = checked.value;
  } else {
    const checked = toE164(input.address, settings.defaultPhoneRegion);
    if (!checked.ok) throw new ValidationError({ number: checked.message });
    number = checked.e164;
  }
  const checkedModel = checkText(input.model ?? '', { what: 'model', max: MAX_MODEL_LENGTH, optional: true });
  if (!checkedModel.ok) throw new ValidationError({ model: checkedModel.message });
  const model = checkedModel.value || null;
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const company = await companyNamed(tx, actor, input.company);
    const known = await tx.device.findFirst({
      where: mac ? { mac } : { organizationId: company.id, number },
    });
    if (known) throw new ConflictError(`${deviceLabel(known)} is known already; nothing was added.`);
    const device = await tx.device.create({
      data: { organizationId: company.id, kind: input.kind, mac, number, model, ports: ports.value },
    });
    const label = deviceLabel(device);
    await recordAudit(tx, {
      actor,
      action: 'device.added',
      target: { type: 'organization', id: company.id, label: company.path },
      organizationId: company.id,
      after: { device: label },
    });
    await announce<TelephonyNotice>(tx, await channelsFor(tx, settings, 'confirmations', company.id), actor, {
      type: 'device.added',
      what: label,
      company: company.path,
    });
    return { company: company.path, device: label };
  });
}

export interface DeviceLine {
  device: string;
  company: string;
  user: string | null;
}

export interface DeviceList {
  /** The company asked about, by name as /devices takes it; '' for all the actor's companies. */
  company: string;
  /** A page of the devices from `offset` (0-based); `total` counts them all. */
  lines: DeviceLine[];
  total: number;
  offset: number;
}

/** The devices of the actor's companies (or one), with who has each: a page from `offset`, or `all` of them (the CLI). */
export async function listDevices(
  db: Database,
  ref: ActorRef,
  company?: string,
  { offset = 0, all = false }: { offset?: number; all?: boolean } = {},
): Promise<DeviceList> {
  const actor = await requireCapability(db, ref, 'viewDirectory');
  const chosen = company?.trim() ? await companyNamed(db, actor, company) : undefined;
  const companies = chosen ? [chosen] : await companiesOf(db, actor);
  const where = { organizationId: { in: companies.map((c) => c.id) } };
  const total = await db.device.count({ where });
  const page = all ? { offset: 0 } : pageAt(offset, total);
  const devices = await db.device.findMany({
    where,
    include: {
      user: { select: { firstName: true, lastName: true, email: true } },
      organization: { select: { name: true } },
    },
    orderBy: [{ kind: 'asc' }, { mac: 'asc' }, { number: 'asc' }, { id: 'asc' }],
    skip: page.offset,
    take: all ? undefined : LIST_PAGE_SIZE,
  });
  return {
    company: chosen?.name ?? '',
    lines: devices.map((device) => ({
      device: deviceLabel(device),
      company: device.organization.name,
      user: device.user ? personName(device.user) : null,
    })),
    total,
    offset: page.offset,
  };
}

/**
 * How a device is named: as people type it (its MAC address or number), or by its id (what a
 * form's device menu sends back).
 */
type DeviceRef = string | { id: string };

/** Finds a device by its MAC address, its number or its id, in the actor's companies. */
async function findDevice(tx: Tx, actor: Actor, settings: ServiceSettings, ref: DeviceRef) {
  if (typeof ref !== 'string') {
    const companies = (await companiesOf(tx, actor)).map((c) => c.id);
    const found = isUuid(ref.id) ? await tx.device.findUnique({ where: { id: ref.id } }) : null;
    if (!found || !companies.includes(found.organizationId)) {
      throw new ValidationError({
        device: 'That device is not one of this company’s devices (any more); choose another.',
      });
    }
    return found;
  }
  const typed = ref;
  const mac = normalizeMac(typed);
  const number = mac.ok ? null : toE164(typed, settings.defaultPhoneRegion);
  if (!mac.ok && !number?.ok) {
    throw new ValidationError({
      device: `${quote(typed)} is neither a MAC address nor a phone number. Name a device by either.`,
    });
  }
  const companies = (await companiesOf(tx, actor)).map((c) => c.id);
  const where = mac.ok
    ? { mac: mac.value }
    : { number: number!.ok ? number!.e164 : '', organizationId: { in: companies } };
  const found = await tx.device.findFirst({ where });
  if (!found || !companies.includes(found.organizationId)) {
    throw new NotFoundError(`There is no device ${typed.trim()} in your companies. Add it first with /devices add.`);
  }
  return found;
}

/** The same, locked until the transaction ends, with its holder. */
async function lockDevice(tx: Tx, actor: Actor, settings: ServiceSettings, ref: DeviceRef) {
  const found = await findDevice(tx, actor, settings, ref);
  await tx.$queryRaw`SELECT id FROM device WHERE id = ${found.id}::uuid FOR UPDATE`;
  return tx.device.findUniqueOrThrow({
    where: { id: found.id },
    include: { user: { select: { id: true, firstName: true, lastName: true, email: true } } },
  });
}

/**
 * Gives a user an unassigned device of their company. A device someone else has is refused naming
 * them (the portal's known trap); a third or later device needs `acceptFee` — without it,
 * DeviceFeeConfirmationNeeded says what it costs. A device the user has already changes nothing
 * (`changed: false`), so a second click on a confirmation counts once. The user's and the
 * device's rows are locked, so two admins at once can't both give the same device away.
 */
export async function assignDevice(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  input: { email: string; device: DeviceRef; acceptFee?: boolean },
): Promise<{
  user: string;
  email: string;
  device: string;
  devices: number;
  monthlyFee: string | null;
  changed: boolean;
}> {
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const user = await lockUserByEmail(tx, actor, input.email);
    const device = await lockDevice(tx, actor, settings, input.device);
    const label = deviceLabel(device);
    const name = fullName(user);
    const given = { user: name, email: user.email, device: label };
    if (device.userId === user.id) {
      const devices = await tx.device.count({ where: { userId: user.id } });
      const feeCents = monthlyDeviceFeeCents(devices, settings.deviceFeeCents);
      return { ...given, devices, monthlyFee: feeCents ? formatEuros(feeCents) : null, changed: false };
    }
    if (device.user) {
      throw new ConflictError(
        `${label} is already assigned to ${personName(device.user)}. Take it back from them first: /devices unassign ${device.mac ?? device.number}.`,
      );
    }
    if (device.organizationId !== user.organizationId) {
      throw new ConflictError(`${label} belongs to another company than ${name}'s (${user.organization.name}).`);
    }
    const devices = (await tx.device.count({ where: { userId: user.id } })) + 1;
    const feeCents = monthlyDeviceFeeCents(devices, settings.deviceFeeCents);
    if (feeCents > 0 && !input.acceptFee) throw new DeviceFeeConfirmationNeeded(name, devices, formatEuros(feeCents));
    await tx.device.update({ where: { id: device.id }, data: { userId: user.id, assignedAt: new Date() } });
    await tx.user.update({ where: { id: user.id }, data: { version: { increment: 1 } } });
    await recordAssignment(tx, settings, actor, user, 'device', label, true);
    return { ...given, devices, monthlyFee: feeCents ? formatEuros(feeCents) : null, changed: true };
  });
}

/** Takes a device back from whoever has it; it is free for someone else. */
export async function unassignDevice(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  typed: string,
): Promise<{ device: string; user: string | null }> {
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    // The holder first, then the device: the order assignDevice locks them in.
    const seen = await findDevice(tx, actor, settings, typed);
    const holderId = seen.userId;
    const holder = holderId ? await lockUser(tx, holderId) : null;
    const device = await lockDevice(tx, actor, settings, typed);
    if (!device.user) return { device: deviceLabel(device), user: null };
    if (!holder || device.userId !== holder.id)
      throw new ConflictError(`${deviceLabel(device)} changed hands just now; try again.`);
    await tx.device.update({ where: { id: device.id }, data: { userId: null, assignedAt: null } });
    await recordAssignment(tx, settings, actor, holder, 'device', deviceLabel(device), false);
    return { device: deviceLabel(device), user: fullName(holder) };
  });
}
