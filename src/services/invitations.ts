import type { Database } from '../db/client.ts';
import { ValidationError } from '../domain/errors.ts';
import type { InviteFile } from '../domain/invite-csv.ts';
import { requireCapability, type ActorRef } from './actors.ts';
import { companyNamed } from './organizations.ts';

export interface InvitePreview {
  company: string;
  product: string | null;
  /** Rows for people who are not users yet. */
  newPeople: number;
  /** Rows whose email already is a user's login. */
  alreadyUsers: number;
  duplicates: number;
  invalid: { line: number; reason: string }[];
  /** New people with their license on need a seat each. */
  seatsNeeded: number;
  seatsAvailable: number | null;
}

const LOOKUP_BATCH = 5_000;

/**
 * The dry run of an invitation file for a company in the actor's scope: what importing it would do,
 * and whether the company has the seats. Changes nothing. Admins only.
 */
export async function previewInvitations(
  db: Database,
  ref: ActorRef,
  input: { company?: string; product?: string; file: InviteFile },
): Promise<InvitePreview> {
  const actor = await requireCapability(db, ref, 'manageUsers');
  const company = await companyNamed(db, actor, input.company);
  const emails = input.file.rows.map((row) => row.email);
  const existing = new Set<string>();
  for (let start = 0; start < emails.length; start += LOOKUP_BATCH) {
    const found = await db.user.findMany({
      where: { email: { in: emails.slice(start, start + LOOKUP_BATCH) } },
      select: { email: true },
    });
    for (const user of found) existing.add(user.email);
  }
  const fresh = input.file.rows.filter((row) => !existing.has(row.email));
  const seatsNeeded = fresh.filter((row) => row.license).length;
  let product: { id: string; name: string } | null = null;
  if (input.product?.trim()) {
    product = await db.product.findUnique({ where: { key: input.product.trim().toLowerCase() } });
    if (!product) throw new ValidationError({ product: `There is no product called ${input.product.trim()}.` });
  } else if (seatsNeeded) {
    throw new ValidationError({ product: 'Some rows turn a license on: say which product (e.g. --product Meet).' });
  }
  let seatsAvailable: number | null = null;
  if (product) {
    const pool = await db.licensePool.findUnique({
      where: { organizationId_productId: { organizationId: company.id, productId: product.id } },
    });
    const inUse = await db.licenseAssignment.count({
      where: { productId: product.id, user: { organizationId: company.id } },
    });
    seatsAvailable = (pool?.seats ?? 0) - inUse;
  }
  return {
    company: company.path,
    product: product?.name ?? null,
    newPeople: fresh.length,
    alreadyUsers: input.file.rows.length - fresh.length,
    duplicates: input.file.duplicates.length,
    invalid: input.file.invalid,
    seatsNeeded,
    seatsAvailable,
  };
}
