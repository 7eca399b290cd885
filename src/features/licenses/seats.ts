import type { Database, Tx } from '../../db/client.ts';
import { ConflictError, ValidationError } from '../../core/errors.ts';

interface SeatPool {
  organizationId: string;
  companyName: string;
  productId: string;
  productName: string;
  /** Station packages are bought with /stations add, licenses with /licenses add. */
  station?: boolean;
}

/**
 * Checks that the company's pool of a product has `wanted` more seats free, and locks the pool
 * until the transaction ends, so concurrent assignments count seats one after another. Refuses
 * with how many are free.
 */
export async function claimSeats(tx: Tx, pool: SeatPool, wanted: number): Promise<void> {
  const [row] = await tx.$queryRaw<{ seats: number }[]>`
    SELECT seats FROM license_pool
    WHERE organization_id = ${pool.organizationId}::uuid AND product_id = ${pool.productId}::uuid FOR UPDATE`;
  const seats = row?.seats ?? 0;
  const inUse = await tx.licenseAssignment.count({
    where: { productId: pool.productId, user: { organizationId: pool.organizationId } },
  });
  if (inUse + wanted <= seats) return;
  const free = Math.max(0, seats - inUse);
  const shortage =
    free === 0
      ? `No ${pool.productName} seat is free in ${pool.companyName}: ${inUse} of ${seats} in use.${wanted > 1 ? ` ${wanted} are needed.` : ''}`
      : `${wanted} ${pool.productName} seats are needed but only ${free} ${free === 1 ? 'is' : 'are'} free in ${pool.companyName} (${inUse} of ${seats} in use).`;
  const command = pool.station ? '/stations' : '/licenses';
  throw new ConflictError(`${shortage} Add seats with ${command} add ${pool.productName} <seats>.`);
}

/** The product with this name (any case); none when no name is given. */
export async function productNamed(db: Database | Tx, name: string | undefined) {
  if (!name?.trim()) return null;
  const product = await db.product.findUnique({ where: { key: name.trim().toLowerCase() } });
  if (!product)
    throw new ValidationError({
      product: `There is no product called ${name.trim()}. Add seats first: /licenses add ${name.trim()} <seats>.`,
    });
  return product;
}
