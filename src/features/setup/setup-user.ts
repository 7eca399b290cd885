import { addMinutes } from 'date-fns/addMinutes';
import type { Database } from '../../db/client.ts';
import { Prisma } from '../../db/generated/client.ts';
import { actorName, requireCapability, type ActorRef } from '../../core/actors.ts';
import { recordAudit } from '../../core/audit.ts';
import { isUuid } from '../../core/ids.rules.ts';
import { announce } from '../../core/outbox.ts';
import { channelsFor } from '../../core/notice-routing.ts';
import { toE164 } from '../../core/phone.rules.ts';
import { companyWithId } from '../../core/scope.ts';
import type { ServiceSettings } from '../../core/settings.ts';
import { fullName, personLabel, searchTextOf } from '../../core/users.rules.ts';
import { claimSeats } from '../licenses/index.ts';
import { deviceLabel } from '../telephony/index.ts';
import { checkStep1, checkStep2, checkStep3, SetupStepError } from './setup-checks.ts';
import type { UserSetUpNotice } from './setup-notices.rules.ts';
import type { SetupState } from './setup.rules.ts';

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
          invitedBy: actorName(actor),
        },
      });
      await recordAudit(tx, {
        actor,
        action: 'user.set_up',
        target: { type: 'user', id: user.id, label: personLabel(user) },
        organizationId,
        after: { loginId: details.loginId, given },
      });
      await announce<UserSetUpNotice>(tx, await channelsFor(tx, settings, 'confirmations', organizationId), actor, {
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
