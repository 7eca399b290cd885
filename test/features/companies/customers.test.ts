import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedOrganization, seedUser, slackPersonOf, STRANGER, tableCounts } from '../../support/fixtures.ts';
import { NOTIFY_CHANNEL, startTestApp, type TestApp } from '../../support/harness.ts';
import { stateValues } from '../../support/slack-requests.ts';
import { waitFor } from '../../support/wait.ts';

let t: TestApp;
let reseller: { id: string };
let west: { id: string };
let outside: { id: string };
let admin: Awaited<ReturnType<typeof seedUser>>;
let viewer: Awaited<ReturnType<typeof seedUser>>;

beforeAll(async () => {
  t = await startTestApp();
  reseller = await seedOrganization(t.db, 'Reseller');
  west = await seedOrganization(t.db, 'Acme West', reseller.id);
  await seedOrganization(t.db, 'Branch', west.id);
  outside = await seedOrganization(t.db, 'Outside Ltd');
  admin = await seedUser(t.db, reseller.id, { admin: true });
  viewer = await seedUser(t.db, reseller.id, { portalAccess: true });
  await seedUser(t.db, west.id);
  await seedUser(t.db, west.id, { active: false });
});
afterAll(() => t.stop());
beforeEach(() => t.resetSlack());

const tree = async (as = admin) => (await t.command(slackPersonOf(as), '/customers')).json();
const addCustomer = (name: string, parentId: string, as = admin) =>
  t.submitView(slackPersonOf(as), {
    callbackId: 'add_customer',
    values: {
      ...stateValues({ name }),
      parentId: { company: { type: 'static_select', selected_option: { value: parentId } } },
    },
  });
const rename = (id: string, name: string, as = admin) =>
  t.submitView(slackPersonOf(as), {
    callbackId: 'rename_customer',
    privateMetadata: JSON.stringify({ id }),
    values: stateValues({ name }),
  });

describe('/customers', () => {
  it('shows the company tree with user counts, and nothing outside scope', async () => {
    const message = await tree();
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('*Reseller* — 2 active');
    expect(text).toContain('↳ *Acme West* — 1 active, 1 deactivated');
    expect(text).toContain('    ↳ *Branch* — 0 active');
    expect(text).not.toContain('Outside');
    expect(text).toContain('customer_add');
  });

  it('counts invited people as invited, not as deactivated (as App Home does)', async () => {
    const invited = await t.db.user.create({
      data: {
        organizationId: west.id,
        email: 'invited@acme.example',
        firstName: '',
        lastName: '',
        searchText: 'invited@acme.example',
        active: false,
        invitedAt: new Date(),
      },
    });
    try {
      const text = JSON.stringify((await tree()).blocks);
      expect(text).toContain('↳ *Acme West* — 1 active, 1 deactivated, 1 invited');
      expect(text).toContain('*Reseller* — 2 active\\n');
    } finally {
      await t.db.user.delete({ where: { id: invited.id } });
    }
  });

  it('shows no change buttons to a Portal Access user, and refuses strangers', async () => {
    expect(JSON.stringify((await tree(viewer)).blocks)).not.toContain('customer_add');
    expect((await (await t.command(STRANGER, '/customers')).json()).text).toContain('not linked');
  });

  it('opens the add form from the button', async () => {
    const response = await t.press(slackPersonOf(admin), { type: 'button', action_id: 'customer_add', value: '' });
    expect(response.status).toBe(200);
    const open = await waitFor(() => t.slack.callsTo('views.open')[0]);
    expect(open.args.view.callback_id).toBe('add_customer');
  });

  it('adds a customer company under a company in scope, audited and announced, in scope at once', async () => {
    expect(await (await addCustomer('Acme North', west.id)).text()).toBe('');
    const created = await t.db.organization.findFirstOrThrow({ where: { name: 'Acme North' } });
    expect(created.parentId).toBe(west.id);
    expect(await t.db.auditEvent.count({ where: { action: 'organization.created', targetId: created.id } })).toBe(1);
    await waitFor(() =>
      t.slack.messagesIn(NOTIFY_CHANNEL).some((m) => m.text.includes('Reseller › Acme West › Acme North')),
    );
    expect(JSON.stringify((await tree()).blocks)).toContain('Acme North');
  });

  it.each([
    ['an empty name', () => ['  ', west.id], 'name', 'Enter the company name.'],
    ['a name its siblings have', () => ['acme west', reseller.id], 'name', 'already a company called Acme West'],
    ['a parent outside scope', () => ['New Co', outside.id], 'parentId', 'Choose a company from the list'],
    ['a parent id that is not one', () => ['New Co', 'nope'], 'parentId', 'Choose a company from the list'],
  ])('refuses %s with an inline error and changes nothing', async (_case, input, block, message) => {
    const before = await tableCounts(t.db);
    const [name, parent] = input() as [string, string];
    const body = await (await addCustomer(name, parent)).json();
    expect(body.errors[block]).toContain(message);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('refuses a Portal Access user adding a company', async () => {
    const before = await tableCounts(t.db);
    const body = await (await addCustomer('Sneaky', west.id, viewer)).json();
    expect(JSON.stringify(body.view)).toContain('needs the Admin privilege');
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('renames a company, audited and announced; refuses a clash and a company outside scope', async () => {
    const branch = await t.db.organization.findFirstOrThrow({ where: { name: 'Branch' } });
    expect(await (await rename(branch.id, 'West Branch')).text()).toBe('');
    expect((await t.db.organization.findUniqueOrThrow({ where: { id: branch.id } })).name).toBe('West Branch');
    await waitFor(() => t.slack.messagesIn(NOTIFY_CHANNEL).some((m) => m.text.includes('Company Branch is now')));
    expect(await (await rename(west.id, 'RESELLER')).text()).toBe(''); // a parent's name is not a sibling's
    await seedOrganization(t.db, 'Acme East', reseller.id);
    expect((await (await rename(west.id, 'Acme East')).json()).errors.name).toContain(
      'already a company called Acme East',
    );
    expect((await (await rename(outside.id, 'Mine now')).json()).errors.name).toContain('not one of yours');
  });
});
