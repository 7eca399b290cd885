import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  channelsFor,
  directMessageTo,
  directMessageToActor,
  holdersOf,
  type ChannelDefaults,
} from '../../src/core/notice-routing.ts';
import { enqueueNotice } from '../../src/core/outbox.ts';
import type { UserAddedNotice } from '../../src/features/users/user-notices.rules.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { seedOrganization, seedUser } from '../support/fixtures.ts';
import { createCustomer } from '../../src/features/companies/customers.ts';
import { changeLifecycle } from '../../src/features/users/lifecycle/lifecycle.ts';
import type { ServiceSettings } from '../../src/core/settings.ts';
import { CLI_ACTOR } from '../../src/cli/system-actor.ts';

const settings: ChannelDefaults = {
  notifyChannel: 'C0NOTIFY',
  approvals: { channel: 'C0APPROVE' },
  invitations: { channel: 'C0INVITE' },
};

let database: TestDatabase;
let provider: { id: string };
let customer: { id: string };
let customersCustomer: { id: string };
let other: { id: string };

beforeAll(async () => {
  database = await createTestDatabase();
  provider = await seedOrganization(database.db, 'Provider');
  customer = await seedOrganization(database.db, 'Customer', provider.id);
  customersCustomer = await seedOrganization(database.db, 'Sub-customer', customer.id);
  other = await seedOrganization(database.db, 'Other');
});
afterAll(async () => {
  await database.drop();
});
beforeEach(async () => {
  await database.db.outboxMessage.deleteMany();
  await database.db.slackWorkspace.deleteMany({ where: { teamId: { not: '' } } });
  await database.db.slackWorkspace.update({
    where: { teamId: '' },
    data: { organizationId: null, confirmationsChannel: null, approvalsChannel: null, invitationsChannel: null },
  });
});

const link = (teamId: string, organizationId: string, channels: { confirmationsChannel?: string } = {}) =>
  database.db.slackWorkspace.create({ data: { teamId, name: teamId, organizationId, ...channels } });

describe('channelsFor: where a channel notice about a company goes', () => {
  it('a company no workspace is linked to (nor any above it): the deployment’s own workspace, with the environment’s channels', async () => {
    const db = database.db;
    expect(await channelsFor(db, settings, 'confirmations', other.id)).toEqual([
      { workspace: '', channel: 'C0NOTIFY' },
    ]);
    expect(await channelsFor(db, settings, 'approvals', other.id)).toEqual([{ workspace: '', channel: 'C0APPROVE' }]);
    expect(await channelsFor(db, settings, 'invitations', other.id)).toEqual([{ workspace: '', channel: 'C0INVITE' }]);
  });

  it('in distribution mode there is no deployment’s own workspace: a company linked to none is told nowhere', async () => {
    const many = { ...settings, distribution: true };
    expect(await channelsFor(database.db, many, 'confirmations', other.id)).toEqual([]);
  });

  it('the deployment’s own workspace: the channel chosen for it overrides the environment’s', async () => {
    await database.db.slackWorkspace.update({ where: { teamId: '' }, data: { approvalsChannel: 'C0OWNAPPROVE' } });
    expect(await channelsFor(database.db, settings, 'approvals', other.id)).toEqual([
      { workspace: '', channel: 'C0OWNAPPROVE' },
    ]);
    expect(await channelsFor(database.db, settings, 'confirmations', other.id)).toEqual([
      { workspace: '', channel: 'C0NOTIFY' },
    ]);
  });

  it('a linked workspace: its chosen channel for the purpose, else the environment’s; not the deployment’s own', async () => {
    await link('TPROV', provider.id, { confirmationsChannel: 'CPROVCONF' });
    expect(await channelsFor(database.db, settings, 'confirmations', provider.id)).toEqual([
      { workspace: 'TPROV', channel: 'CPROVCONF' },
    ]);
    expect(await channelsFor(database.db, settings, 'invitations', provider.id)).toEqual([
      { workspace: 'TPROV', channel: 'C0INVITE' },
    ]);
    expect(await channelsFor(database.db, { ...settings, distribution: true }, 'confirmations', provider.id)).toEqual([
      { workspace: 'TPROV', channel: 'CPROVCONF' },
    ]);
  });

  it('a customer company under a linked provider: the customer’s workspaces and the provider’s, its own first', async () => {
    await link('TPROV', provider.id, { confirmationsChannel: 'CPROVCONF' });
    await link('TCUST', customer.id, { confirmationsChannel: 'CCUSTCONF' });
    expect(await channelsFor(database.db, settings, 'confirmations', customer.id)).toEqual([
      { workspace: 'TCUST', channel: 'CCUSTCONF' },
      { workspace: 'TPROV', channel: 'CPROVCONF' },
    ]);
    // Two levels down, with no workspace of its own: both above it.
    expect(await channelsFor(database.db, settings, 'confirmations', customersCustomer.id)).toEqual([
      { workspace: 'TCUST', channel: 'CCUSTCONF' },
      { workspace: 'TPROV', channel: 'CPROVCONF' },
    ]);
    // The provider itself is not told through its customer's workspace.
    expect(await channelsFor(database.db, settings, 'confirmations', provider.id)).toEqual([
      { workspace: 'TPROV', channel: 'CPROVCONF' },
    ]);
    // A company elsewhere is still the deployment's own.
    expect(await channelsFor(database.db, settings, 'confirmations', other.id)).toEqual([
      { workspace: '', channel: 'C0NOTIFY' },
    ]);
  });

  it('the deployment’s own workspace linked to the provider counts as the provider’s', async () => {
    await database.db.slackWorkspace.update({ where: { teamId: '' }, data: { organizationId: provider.id } });
    await link('TCUST', customer.id);
    expect(await channelsFor(database.db, settings, 'confirmations', customer.id)).toEqual([
      { workspace: 'TCUST', channel: 'C0NOTIFY' },
      { workspace: '', channel: 'C0NOTIFY' },
    ]);
  });
});

describe('direct messages and keyed notices', () => {
  it('a direct message goes to the person’s workspace; nobody without a Slack link', async () => {
    expect(directMessageTo({ slackTeamId: 'TCUST', slackUserId: 'U0ADA' })).toEqual([
      { workspace: 'TCUST', channel: 'U0ADA' },
    ]);
    expect(directMessageTo({ slackTeamId: null, slackUserId: 'U0ADA' })).toEqual([{ workspace: '', channel: 'U0ADA' }]);
    expect(directMessageTo({ slackTeamId: 'TCUST', slackUserId: null })).toEqual([]);
    const ada = await seedUser(database.db, customer.id, { slackUserId: 'U0ADA' });
    const actor = { id: ada.id, slackUserId: 'U0ADA' } as Parameters<typeof directMessageToActor>[1];
    expect(await directMessageToActor(database.db, actor)).toEqual([{ workspace: ada.slackTeamId, channel: 'U0ADA' }]);
    expect(await directMessageToActor(database.db, { ...actor, id: null })).toEqual([]);
  });

  it('one row per destination (each once); a keyed notice’s holders are where its revisions go', async () => {
    await link('TPROV', provider.id);
    await link('TCUST', customer.id);
    const notice: UserAddedNotice = {
      type: 'user.added',
      audience: 'channel',
      user: { id: 'u1', fullName: 'Ada', email: 'ada@example.com', title: null },
      company: 'Customer',
      privileges: { active: true, admin: false, portalAccess: false },
      by: { fullName: 'Grace', slackUserId: null },
    };
    await database.db.$transaction(async (tx) => {
      const to = await channelsFor(tx, settings, 'approvals', customer.id);
      await enqueueNotice(tx, [...to, ...to], notice, { key: 'request:1' });
      await enqueueNotice(tx, [], notice);
    });
    const rows = await database.db.outboxMessage.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((row) => [row.workspace, row.destination, row.key])).toEqual([
      ['TCUST', 'C0APPROVE', 'request:1'],
      ['TPROV', 'C0APPROVE', 'request:1'],
    ]);
    expect(await holdersOf(database.db, 'request:1')).toEqual([
      { workspace: 'TCUST', channel: 'C0APPROVE' },
      { workspace: 'TPROV', channel: 'C0APPROVE' },
    ]);
    expect(await holdersOf(database.db, 'request:2')).toEqual([]);
  });
});

describe('use cases tell the workspaces of the company the change is about', () => {
  const serviceSettings: ServiceSettings = {
    ...settings,
    defaultPhoneRegion: 'DE',
    approvals: { channel: 'C0APPROVE', required: 1, ttlMinutes: 60 },
    invitations: { channel: 'C0INVITE', ttlMinutes: 60 },
    deviceFeeCents: 495,
  };
  const written = async () =>
    (await database.db.outboxMessage.findMany({ orderBy: { id: 'asc' } })).map((row) => [
      row.workspace,
      row.destination,
      (row.notice as { type: string; audience: string }).audience,
    ]);

  it('a new customer company and a deactivation: the customer’s and the provider’s channels; the person by DM in their workspace', async () => {
    await link('TPROV', provider.id, { confirmationsChannel: 'CPROVCONF' });
    await link('TCUST', customer.id);
    await createCustomer(database.db, serviceSettings, CLI_ACTOR, { name: 'New customer', parentId: customer.id });
    const grace = await seedUser(database.db, customer.id, { slackUserId: 'U0GRACE' });
    await database.db.user.update({ where: { id: grace.id }, data: { slackTeamId: 'TCUST' } });
    await changeLifecycle(database.db, serviceSettings, CLI_ACTOR, 'deactivate', grace.id, grace.version);
    expect(await written()).toEqual([
      ['TCUST', 'C0NOTIFY', 'channel'],
      ['TPROV', 'CPROVCONF', 'channel'],
      ['TCUST', 'C0NOTIFY', 'channel'],
      ['TPROV', 'CPROVCONF', 'channel'],
      ['TCUST', 'U0GRACE', 'subject'],
    ]);
  });

  it('a change about a company linked to no workspace: the deployment’s own, as in single-workspace mode', async () => {
    await link('TPROV', provider.id);
    await createCustomer(database.db, serviceSettings, CLI_ACTOR, { name: 'Elsewhere', parentId: other.id });
    expect(await written()).toEqual([['', 'C0NOTIFY', 'channel']]);
  });
});
