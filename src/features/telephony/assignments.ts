import type { Tx } from '../../db/client.ts';
import { formatPhone } from '../../core/phone.rules.ts';
import type { Actor } from '../../core/actors.ts';
import { recordAudit, userTarget } from '../../core/audit.ts';
import { announce } from '../../core/outbox.ts';
import { channelsFor } from '../../core/notice-routing.ts';
import type { ServiceSettings } from '../../core/settings.ts';
import type { LockedUser } from '../../core/user-rows.ts';
import { fullName } from '../../core/users.rules.ts';
import type { TelephonyNotice } from './telephony-notices.rules.ts';

/**
 * Audits and announces, in the caller's transaction, that `user` got (`assigned`) or gave back a
 * number or a device — `label` is how people read it.
 */
export async function recordAssignment(
  tx: Tx,
  settings: ServiceSettings,
  actor: Actor,
  user: LockedUser,
  thing: 'number' | 'device',
  label: string,
  assigned: boolean,
) {
  const action = `${thing}.${assigned ? 'assigned' : 'unassigned'}` as const;
  await recordAudit(tx, {
    actor,
    action,
    ...userTarget(user),
    before: { [thing]: assigned ? null : label },
    after: { [thing]: assigned ? label : null },
  });
  await announce<TelephonyNotice>(tx, await channelsFor(tx, settings, 'confirmations', user.organizationId), actor, {
    type: action,
    what: thing === 'number' ? formatPhone(label) : label,
    company: user.organization.name,
    user: { fullName: fullName(user), email: user.email },
  });
}
