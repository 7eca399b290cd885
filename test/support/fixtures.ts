import { randomUUID } from 'node:crypto';
import type { Database } from '../../src/db/client.ts';
import type { Privileges } from '../../src/core/privileges.rules.ts';
import { searchTextOf } from '../../src/core/users.rules.ts';
import { TEAM_ID } from './harness.ts';
import type { SlackPerson } from './slack-requests.ts';

export async function seedOrganization(db: Database, name: string, parentId?: string) {
  return db.organization.create({ data: { name, parentId: parentId ?? null } });
}

let counter = 0;

/** A stored user, linked to a Slack user unless `slackUserId: null`. */
export async function seedUser(
  db: Database,
  organizationId: string,
  options: Partial<Privileges> & {
    email?: string;
    firstName?: string;
    lastName?: string;
    slackUserId?: string | null;
  } = {},
) {
  counter += 1;
  const slackUserId =
    options.slackUserId === undefined ? `U${randomUUID().slice(0, 8).toUpperCase()}` : options.slackUserId;
  const person = {
    email: options.email ?? `person${counter}.${randomUUID().slice(0, 6)}@example.com`,
    firstName: options.firstName ?? 'Pat',
    lastName: options.lastName ?? `Person${counter}`,
  };
  const searchText = searchTextOf({ ...person, title: null, officePhone: null, mobilePhone: null, faxPhone: null });
  return db.user.create({
    data: {
      organizationId,
      ...person,
      searchText,
      active: options.active ?? true,
      admin: options.admin ?? false,
      portalAccess: options.portalAccess ?? false,
      slackTeamId: slackUserId ? TEAM_ID : null,
      slackUserId,
    },
  });
}

export function slackPersonOf(user: { slackUserId: string | null }): SlackPerson {
  if (!user.slackUserId) throw new Error('this user has no Slack link');
  return { userId: user.slackUserId, teamId: TEAM_ID };
}

/** A Slack user no stored user is linked to. */
export const STRANGER: SlackPerson = { userId: 'U0STRANGER', teamId: TEAM_ID };

/** Rows per table, to show that a refused request changed nothing. */
export async function tableCounts(db: Database): Promise<Record<string, number>> {
  const counts: Record<string, Promise<number>> = {
    organizations: db.organization.count(),
    users: db.user.count(),
    auditEvents: db.auditEvent.count(),
    outboxMessages: db.outboxMessage.count(),
    adminRequests: db.adminRequest.count(),
    products: db.product.count(),
    seats: db.licensePool.aggregate({ _sum: { seats: true } }).then((sum) => sum._sum.seats ?? 0),
    licenses: db.licenseAssignment.count(),
    locations: db.location.count(),
    invitations: db.invitation.count(),
    passwordLinks: db.passwordLink.count(),
  };
  return Object.fromEntries(
    await Promise.all(Object.entries(counts).map(async ([table, count]) => [table, await count])),
  );
}
