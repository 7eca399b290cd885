import { describe, expect, it } from 'vitest';
import * as prismaEnums from '../../src/db/generated/enums.ts';
import { OUTBOX_STATUSES } from '../../src/core/outbox.rules.ts';
import { ADMIN_REQUEST_STATUSES } from '../../src/features/approvals/admin-requests.rules.ts';
import { IMPORT_STATUSES, INVITATION_STATUSES } from '../../src/features/invitations/invitations.rules.ts';
import { PRODUCT_KINDS } from '../../src/features/licenses/licenses.rules.ts';
import { DEVICE_KINDS } from '../../src/features/telephony/devices.rules.ts';
import { CALL_LIST_PRIVACIES } from '../../src/features/telephony/user-settings.rules.ts';

// The domain words of prisma/schema.prisma's enums are the project's own types, declared in the
// owning slice's (or core's) rules; outside the database layer and the use cases nothing imports
// Prisma's enums. These lists must follow the schema: a value added, renamed or removed there
// fails here until the code follows.
const OURS: Record<string, readonly string[]> = {
  OutboxStatus: OUTBOX_STATUSES,
  AdminRequestStatus: ADMIN_REQUEST_STATUSES,
  ProductKind: PRODUCT_KINDS,
  CallListPrivacy: CALL_LIST_PRIVACIES,
  InvitationStatus: INVITATION_STATUSES,
  ImportStatus: IMPORT_STATUSES,
  DeviceKind: DEVICE_KINDS,
};

describe('domain words', () => {
  it('every enum of the schema has a list of ours', () => {
    expect(Object.keys(OURS).sort()).toEqual(Object.keys(prismaEnums).sort());
  });

  it.each(Object.entries(OURS))('%s: our list has the schema’s values, in its order', (name, ours) => {
    expect(ours).toEqual(Object.values(prismaEnums[name as keyof typeof prismaEnums]));
  });
});
