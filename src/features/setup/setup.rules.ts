import { z } from 'zod';
import { checkPorts } from '../telephony/index.ts';
import type { FieldErrors } from '../../core/errors.ts';
import { emailSchema, nameSchema, type Checked } from '../../core/users.rules.ts';

/** What "Set up a user" collects, step by step (CallStream's wizard). Ids and typed text only. */
export interface SetupState {
  details: { firstName: string; lastName: string; email: string; loginId: string; organizationId: string };
  telephony: { number: string; extension: string; station: string; applications: string[] };
  equipment: { deviceId: string; ports: string; locationId: string };
}

export const EMPTY_SETUP: SetupState = {
  details: { firstName: '', lastName: '', email: '', loginId: '', organizationId: '' },
  telephony: { number: '', extension: '', station: '', applications: [] },
  equipment: { deviceId: '', ports: '1', locationId: '' },
};

const detailsSchema = z.object({
  firstName: nameSchema('first name'),
  lastName: nameSchema('last name'),
  email: emailSchema,
  organizationId: z.uuid('Choose a company.'),
});

/** Step 1: names, the email, and the user ID — in email form, the email when left empty. */
export function checkDetails(details: SetupState['details']): Checked<SetupState['details']> {
  const errors: FieldErrors = {};
  const parsed = detailsSchema.safeParse(details);
  if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
  const loginId = details.loginId.trim() ? emailSchema.safeParse(details.loginId) : undefined;
  if (loginId && !loginId.success)
    errors.loginId = 'The user ID is in email form, e.g. ada@acme.example; leave it empty to use the email.';
  if (!parsed.success || Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { ...parsed.data, loginId: loginId?.success ? loginId.data : parsed.data.email } };
}

/** Step 2: a number from the pool or an extension (at least one). */
export function checkTelephonyShape(telephony: SetupState['telephony']): Checked<SetupState['telephony']> {
  if (!telephony.number.trim() && !telephony.extension.trim()) {
    return {
      ok: false,
      errors: { number: 'Pick a number from the pool, or give an extension below: one of them is needed.' },
    };
  }
  return { ok: true, value: { ...telephony, number: telephony.number.trim(), extension: telephony.extension.trim() } };
}

/**
 * Step 2: a station package takes a seat of the company's; none free is refused here, on its
 * field, rather than at Save (which takes the seat under a lock and checks again).
 */
export function stationSeatError(
  station: { name: string; seats: number; inUse: number },
  company: string,
): string | undefined {
  if (station.inUse < station.seats) return undefined;
  return `No ${station.name} seat is free in ${company}: ${station.inUse} of ${station.seats} in use. Choose another package, or add seats with /stations add ${station.name} <seats>.`;
}

/** Step 3: ports (1 when no device is chosen). */
export function checkEquipmentShape(equipment: SetupState['equipment']): Checked<SetupState['equipment']> {
  const ports = checkPorts(equipment.ports.trim() || undefined);
  if (!ports.ok) return ports;
  return { ok: true, value: { ...equipment, ports: String(ports.value) } };
}
