import type { Database } from '../../db/client.ts';
import { ValidationError } from '../../core/errors.ts';
import { checkText } from '../../core/text.rules.ts';
import { fullName, personName } from '../../core/users.rules.ts';
import { requireCapability, type ActorRef } from '../../core/actors.ts';
import { recordAudit, userTarget } from '../../core/audit.ts';
import { companiesOf, companyNamed } from '../../core/scope.ts';
import { announce } from '../../core/outbox.ts';
import { channelsFor } from '../../core/notice-routing.ts';
import { followLicenses } from '../invitations/index.ts';
import { claimSeats, productNamed } from './seats.ts';
import { MAX_SEATS_AT_ONCE, type ProductKind } from './licenses.rules.ts';
import type { ServiceSettings } from '../../core/settings.ts';
import { lockUserByEmail } from '../../core/user-rows.ts';
import type { LicenseNotice } from './license-notices.rules.ts';

/** Said when a product is named where the other kind is expected. */
export const KIND_CLASH: Record<ProductKind, (name: string) => string> = {
  license: (name) => `${name} is a license, not a station package: use /licenses for it.`,
  station: (name) => `${name} is a station package: use /stations for it.`,
};

const MAX_PRODUCT_NAME_LENGTH = 60;

function productName(typed: string): string {
  const message = `Name the product (at most ${MAX_PRODUCT_NAME_LENGTH} characters), e.g. Meet.`;
  const checked = checkText(typed, {
    what: 'product',
    max: MAX_PRODUCT_NAME_LENGTH,
    visible: true,
    empty: message,
    tooLong: message,
  });
  if (!checked.ok) throw new ValidationError({ product: checked.message });
  return checked.value;
}

/** Records purchased (or allocated) seats of a product for a company in scope (Admins). */
export async function addSeats(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  input: { product: string; seats: number; company?: string; kind?: ProductKind },
): Promise<{ product: string; company: string; total: number }> {
  const kind = input.kind ?? 'license';
  const name = productName(input.product);
  if (!Number.isInteger(input.seats) || input.seats < 1 || input.seats > MAX_SEATS_AT_ONCE) {
    throw new ValidationError({
      seats: `The number of seats must be a whole number from 1 to ${MAX_SEATS_AT_ONCE}.`,
    });
  }
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const company = await companyNamed(tx, actor, input.company);
    const product = await tx.product.upsert({
      where: { key: name.toLowerCase() },
      create: { name, key: name.toLowerCase(), kind },
      update: {},
    });
    if (product.kind !== kind) throw new ValidationError({ product: KIND_CLASH[product.kind](product.name) });
    const pool = await tx.licensePool.upsert({
      where: { organizationId_productId: { organizationId: company.id, productId: product.id } },
      create: { organizationId: company.id, productId: product.id, seats: input.seats },
      update: { seats: { increment: input.seats } },
    });
    await recordAudit(tx, {
      actor,
      action: 'licenses.added',
      target: { type: 'organization', id: company.id, label: company.path },
      organizationId: company.id,
      before: { product: product.name, seats: pool.seats - input.seats },
      after: { product: product.name, seats: pool.seats },
    });
    await announce<LicenseNotice>(tx, await channelsFor(tx, settings, 'confirmations', company.id), actor, {
      type: 'licenses.added',
      product: product.name,
      company: company.path,
      seats: { added: input.seats, total: pool.seats },
    });
    return { product: product.name, company: company.path, total: pool.seats };
  });
}

export interface LicenseLine {
  product: string;
  kind: ProductKind;
  company: string;
  total: number;
  inUse: number;
  available: number;
  holders: string[];
}

/** Per company in scope and product: seats purchased, in use, available, and who holds them. */
export async function licenseSummary(db: Database, ref: ActorRef): Promise<LicenseLine[]> {
  const actor = await requireCapability(db, ref, 'viewDirectory');
  const companies = await companiesOf(db, actor);
  const pools = await db.licensePool.findMany({
    where: { organizationId: { in: companies.map((company) => company.id) } },
    include: { product: true },
  });
  const holders = await db.licenseAssignment.findMany({
    where: { user: { organizationId: { in: pools.map((pool) => pool.organizationId) } } },
    include: { user: { select: { firstName: true, lastName: true, email: true, organizationId: true } } },
    orderBy: { createdAt: 'asc' },
  });
  const pathOf = new Map(companies.map((company) => [company.id, company.path]));
  return pools
    .map((pool) => {
      const held = holders.filter(
        (h) => h.productId === pool.productId && h.user.organizationId === pool.organizationId,
      );
      return {
        product: pool.product.name,
        kind: pool.product.kind,
        company: pathOf.get(pool.organizationId) ?? '',
        total: pool.seats,
        inUse: held.length,
        available: pool.seats - held.length,
        holders: held.map((h) => personName(h.user)),
      };
    })
    .sort((a, b) => a.company.localeCompare(b.company) || a.product.localeCompare(b.product));
}

/**
 * Gives a user a seat of a product from their company's pool, or takes it back (the user stays
 * listed). Giving is refused when no seat is free, saying how many there are.
 */
export async function setLicense(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  input: { email: string; product: string; enabled: boolean },
): Promise<{ user: string; product: string; changed: boolean; invitation?: 'sent' | 'withdrawn' }> {
  const name = productName(input.product);
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const user = await lockUserByEmail(tx, actor, input.email);
    const product = (await productNamed(tx, name))!;
    if (product.kind !== 'license') throw new ValidationError({ product: KIND_CLASH.station(product.name) });
    const userName = fullName(user);
    const held = await tx.licenseAssignment.findUnique({
      where: { userId_productId: { userId: user.id, productId: product.id } },
    });
    if (Boolean(held) === input.enabled) return { user: userName, product: product.name, changed: false };
    if (input.enabled) {
      const pool = { organizationId: user.organizationId, companyName: user.organization.name };
      await claimSeats(tx, { ...pool, productId: product.id, productName: product.name }, 1);
      await tx.licenseAssignment.create({ data: { userId: user.id, productId: product.id } });
    } else {
      await tx.licenseAssignment.delete({ where: { id: held!.id } });
    }
    const invitation = await followLicenses(tx, settings, user.id);
    await recordAudit(tx, {
      actor,
      action: input.enabled ? 'license.assigned' : 'license.revoked',
      ...userTarget(user),
      before: { [product.name]: !input.enabled },
      after: { [product.name]: input.enabled },
    });
    await announce<LicenseNotice>(tx, await channelsFor(tx, settings, 'confirmations', user.organizationId), actor, {
      type: input.enabled ? 'license.assigned' : 'license.revoked',
      product: product.name,
      company: user.organization.name,
      user: { fullName: userName, email: user.email },
    });
    return { user: userName, product: product.name, changed: true, invitation };
  });
}

/** The names of the license products, for pickers (Admins). */
export async function productNames(db: Database, ref: ActorRef): Promise<string[]> {
  await requireCapability(db, ref, 'manageUsers');
  const products = await db.product.findMany({ orderBy: { name: 'asc' }, select: { name: true } });
  return products.map((product) => product.name);
}
