import type { Database } from '../../db/client.ts';
import { requireCapability, type ActorRef } from '../../core/actors.ts';
import { companyWithId } from '../../core/scope.ts';
import { deviceLabel, MAX_PORTS } from '../telephony/index.ts';

export interface SetupChoices {
  company: string;
  stations: { name: string; free: number }[];
  applications: string[];
  /** `address`: how people name it (its MAC or number). */
  devices: { id: string; label: string; address: string }[];
  locations: { id: string; name: string }[];
  groups: string[];
  /** The longest extension the company's policy allows, and the most ports a device has: the forms' `max_length`. */
  extensionDigits: number;
  maxPorts: number;
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
    extensionDigits: organization.extensionMaxDigits,
    maxPorts: MAX_PORTS,
  };
}
