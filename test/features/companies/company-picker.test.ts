import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedOrganization, seedUser, slackPersonOf } from '../../support/fixtures.ts';
import { startTestApp, type TestApp } from '../../support/harness.ts';
import { waitFor } from '../../support/wait.ts';

let t: TestApp;
let admin: Awaited<ReturnType<typeof seedUser>>;

beforeAll(async () => {
  t = await startTestApp();
  const reseller = await seedOrganization(t.db, 'Big Reseller');
  await t.db.organization.createMany({
    data: Array.from({ length: 120 }, (_, i) => ({
      name: `Customer ${String(i + 1).padStart(3, '0')}`,
      parentId: reseller.id,
    })),
  });
  await seedOrganization(t.db, 'Customer 999 of someone else');
  admin = await seedUser(t.db, reseller.id, { admin: true });
});
afterAll(() => t.stop());

it('uses a searchable picker when the scope has more companies than a static select holds', async () => {
  await t.command(slackPersonOf(admin), '/adduser');
  const open = await waitFor(() => t.slack.callsTo('views.open')[0]);
  const picker = open.args.view.blocks.find((block: any) => block.block_id === 'organizationId').element;
  expect(picker.type).toBe('external_select');
  expect(picker.initial_option.text.text).toBe('Big Reseller');
});

it('searches only the companies in the admin’s scope', async () => {
  const response = await t.suggest(slackPersonOf(admin), 'company', 'organizationId', '099');
  const { options } = await response.json();
  expect(options.map((option: any) => option.text.text)).toEqual(['Big Reseller › Customer 099']);
});

it('caps the search answer at 100 options, as Slack requires', async () => {
  const response = await t.suggest(slackPersonOf(admin), 'company', 'organizationId', '');
  const { options } = await response.json();
  expect(options).toHaveLength(100);
});

it('answers no companies to someone who may not add users', async () => {
  const viewer = await seedUser(t.db, admin.organizationId, { portalAccess: true });
  const response = await t.suggest(slackPersonOf(viewer), 'company', 'organizationId', 'customer');
  expect((await response.json()).options).toEqual([]);
});
