import type { Database } from '../../db/client.ts';
import { ValidationError } from '../../core/errors.ts';
import { fullName } from '../../core/users.rules.ts';
import { requireCapability, type ActorRef } from '../../core/actors.ts';
import { recordAudit, userTarget } from '../../core/audit.ts';
import { KIND_CLASH } from './licenses.ts';
import { announce } from '../../core/outbox.ts';
import { channelsFor } from '../../core/notice-routing.ts';
import { claimSeats, productNamed } from './seats.ts';
import type { ServiceSettings } from '../../core/settings.ts';
import { lockUserByEmail } from '../../core/user-rows.ts';
import type { LicenseNotice } from './license-notices.rules.ts';

/**
 * Gives a user a station package (CallStream's "station": a license product of kind station,
 * from their company's seats), replacing the one they had, or takes it away (null). A user holds
 * at most one: the database's unique index says so too.
 */
export async function setStation(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  input: { email: string; station: string | null },
): Promise<{ user: string; station: string | null; previous: string | null }> {
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const user = await lockUserByEmail(tx, actor, input.email);
    const product = input.station === null ? null : await productNamed(tx, input.station);
    if (product && product.kind !== 'station') throw new ValidationError({ product: KIND_CLASH.license(product.name) });
    const held = await tx.licenseAssignment.findFirst({
      where: { userId: user.id, station: true },
      include: { product: true },
    });
    const name = fullName(user);
    if ((held?.productId ?? null) === (product?.id ?? null)) {
      return { user: name, station: product?.name ?? null, previous: held?.product.name ?? null };
    }
    if (held) await tx.licenseAssignment.delete({ where: { id: held.id } });
    if (product) {
      const pool = { organizationId: user.organizationId, companyName: user.organization.name };
      await claimSeats(tx, { ...pool, productId: product.id, productName: product.name, station: true }, 1);
      await tx.licenseAssignment.create({ data: { userId: user.id, productId: product.id, station: true } });
    }
    await recordAudit(tx, {
      actor,
      action: 'user.station_set',
      ...userTarget(user),
      before: { station: held?.product.name ?? null },
      after: { station: product?.name ?? null },
    });
    const to = await channelsFor(tx, settings, 'confirmations', user.organizationId);
    const notice = (type: 'license.assigned' | 'license.revoked', productName: string) =>
      announce<LicenseNotice>(tx, to, actor, {
        type,
        product: productName,
        company: user.organization.name,
        user: { fullName: name, email: user.email },
        station: true,
      });
    if (held) await notice('license.revoked', held.product.name);
    if (product) await notice('license.assigned', product.name);
    return { user: name, station: product?.name ?? null, previous: held?.product.name ?? null };
  });
}
