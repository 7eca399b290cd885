import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chooseChannels, workspaceChannels } from '../../../src/features/workspaces/workspaces.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { seedOrganization, seedUser } from '../../support/fixtures.ts';

// Who may choose a workspace's channels when there are many workspaces (distribution mode: the
// workspace is the request's team): the admins whose scope covers the company it is linked to.
// The use cases, against the real database; the Slack path is in channels.test.ts (single mode).

let database: TestDatabase;
const settings = {
  notifyChannel: 'C0NOTIFY',
  approvals: { channel: 'C0APPROVALS' },
  invitations: { channel: 'C0INVITES' },
};
let reseller: { id: string };
let customer: { id: string };
let resellerAdmin: { id: string };
let customerAdmin: { id: string };
let otherAdmin: { id: string };
const none = { confirmations: null, approvals: null, invitations: null };

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  reseller = await seedOrganization(db, 'Reseller');
  customer = await seedOrganization(db, 'Customer', reseller.id);
  const other = await seedOrganization(db, 'Other');
  resellerAdmin = await seedUser(db, reseller.id, { admin: true });
  customerAdmin = await seedUser(db, customer.id, { admin: true });
  otherAdmin = await seedUser(db, other.id, { admin: true });
  await db.slackWorkspace.createMany({
    data: [
      { teamId: 'TCUSTOMER', name: 'Customer Slack', organizationId: customer.id },
      { teamId: 'TUNLINKED', name: 'Nobody’s' },
    ],
  });
});
afterAll(() => database.drop());
beforeEach(async () => {
  await database.db.slackWorkspace.update({ where: { teamId: 'TCUSTOMER' }, data: { approvalsChannel: null } });
  await database.db.outboxMessage.deleteMany();
});

describe('a workspace linked to a company', () => {
  it.each([
    ['its company’s admin', () => customerAdmin],
    ['an admin of a company above it', () => resellerAdmin],
  ])('%s sees and chooses its channels; the notice goes to that workspace only', async (_, admin) => {
    const form = await workspaceChannels(database.db, settings, { userId: admin().id }, 'TCUSTOMER');
    expect(form).toMatchObject({ name: 'Customer Slack', company: expect.stringContaining('Customer'), chosen: none });
    await chooseChannels(database.db, settings, { userId: admin().id }, 'TCUSTOMER', {
      ...none,
      approvals: 'C0CUSTAPPR',
    });
    const row = await database.db.slackWorkspace.findUniqueOrThrow({ where: { teamId: 'TCUSTOMER' } });
    expect(row.approvalsChannel).toBe('C0CUSTAPPR');
    const notices = await database.db.outboxMessage.findMany();
    expect(notices.map((n) => [n.workspace, n.destination])).toEqual([['TCUSTOMER', 'C0NOTIFY']]);
  });

  it('an admin of an unrelated company is refused, and nothing changes', async () => {
    await expect(workspaceChannels(database.db, settings, { userId: otherAdmin.id }, 'TCUSTOMER')).rejects.toThrow(
      'belongs to Customer: only its admins choose its channels',
    );
    await expect(
      chooseChannels(database.db, settings, { userId: otherAdmin.id }, 'TCUSTOMER', { ...none, approvals: 'C0X' }),
    ).rejects.toThrow('only its admins');
    expect(
      (await database.db.slackWorkspace.findUniqueOrThrow({ where: { teamId: 'TCUSTOMER' } })).approvalsChannel,
    ).toBeNull();
  });
});

describe('a workspace linked to no company', () => {
  it('says so, and how the operator links it', async () => {
    await expect(workspaceChannels(database.db, settings, { userId: resellerAdmin.id }, 'TUNLINKED')).rejects.toThrow(
      'is not linked to a company yet',
    );
    await expect(workspaceChannels(database.db, settings, { userId: resellerAdmin.id }, 'TUNLINKED')).rejects.toThrow(
      '`switchboard workspaces link TUNLINKED <company>`',
    );
  });

  it('a workspace Switchboard never heard of: the same', async () => {
    await expect(workspaceChannels(database.db, settings, { userId: resellerAdmin.id }, 'TNEVER')).rejects.toThrow(
      'is not linked to a company yet',
    );
  });
});
