import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrganization, seedUser, slackPersonOf, tableCounts } from '../../support/fixtures.ts';
import { NOTIFY_CHANNEL, startTestApp, type TestApp } from '../../support/harness.ts';
import { stateValues } from '../../support/slack-requests.ts';
import { waitFor } from '../../support/wait.ts';

type Stored = Awaited<ReturnType<typeof seedUser>>;
let t: TestApp;
let acme: { id: string };
let west: { id: string };
let other: { id: string };
let admin: Stored;
let viewer: Stored;

beforeAll(async () => {
  t = await startTestApp();
  acme = await seedOrganization(t.db, 'Acme');
  west = await seedOrganization(t.db, 'Acme West', acme.id);
  other = await seedOrganization(t.db, 'Other');
  admin = await seedUser(t.db, acme.id, { admin: true });
  viewer = await seedUser(t.db, acme.id, { portalAccess: true });
  await seedUser(t.db, west.id, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.example' });
});
afterAll(() => t.stop());

const save = (values: { companyId: string; name: string; address?: string }, id: string | null = null, as = admin) =>
  t.submitView(slackPersonOf(as), {
    callbackId: 'location',
    privateMetadata: JSON.stringify({ id }),
    values: {
      ...stateValues({ name: values.name, address: values.address }),
      companyId: { company: { type: 'static_select', selected_option: { value: values.companyId } } },
    },
  });
const locations = async (text = '', as = admin) => (await t.command(slackPersonOf(as), '/locations', text)).json();
const idOf = async (name: string) => (await t.db.location.findFirstOrThrow({ where: { name } })).id;

describe('/locations', () => {
  it('opens the add form from the list, adds a location, audited and announced', async () => {
    expect(JSON.stringify((await locations()).blocks)).toContain('None yet.');
    await t.press(slackPersonOf(admin), { type: 'button', action_id: 'location_add', value: '' });
    expect((await waitFor(() => t.slack.callsTo('views.open')[0])).args.view.callback_id).toBe('location');
    expect(await (await save({ companyId: west.id, name: 'Berlin HQ', address: 'Unter den Linden 1' })).text()).toBe(
      '',
    );
    expect(JSON.stringify((await locations('', viewer)).blocks)).toContain(
      '*Berlin HQ* · Acme › Acme West · Unter den Linden 1 · 0 users',
    );
    await waitFor(() =>
      t.slack
        .messagesIn(NOTIFY_CHANNEL)
        .some((m) => m.text.includes('Location Berlin HQ of Acme › Acme West was added')),
    );
    expect(await t.db.auditEvent.count({ where: { action: 'location.added' } })).toBe(1);
  });

  it.each([
    ['an empty name', ' ', false, 'name', 'Name the location'],
    ['a name the company already has', 'berlin hq', false, 'name', 'already has a location called Berlin HQ'],
    ['a company outside scope', 'Elsewhere', true, 'companyId', 'Choose one of your companies'],
  ])('shows an inline error for %s and changes nothing', async (_case, name, outside, block, message) => {
    const before = await tableCounts(t.db);
    const body = await (await save({ companyId: outside ? other.id : west.id, name })).json();
    expect(body.errors[block]).toContain(message);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('edits a location', async () => {
    const id = await idOf('Berlin HQ');
    expect(
      await (await save({ companyId: west.id, name: 'Berlin Office', address: 'Friedrichstr. 2' }, id)).text(),
    ).toBe('');
    expect(await t.db.location.findUniqueOrThrow({ where: { id } })).toMatchObject({
      name: 'Berlin Office',
      address: 'Friedrichstr. 2',
    });
  });

  it('sets where a user works, shown on their card; a location in use can’t be removed', async () => {
    expect((await locations('set ada@acme.example "berlin office"')).text).toBe(
      'Ada Lovelace now works at Berlin Office.',
    );
    const card = await (await t.command(slackPersonOf(admin), '/users', 'ada@acme.example')).json();
    expect(JSON.stringify(card.blocks)).toContain('*Location*\\nBerlin Office');
    const id = await idOf('Berlin Office');
    const refused = await t.click(slackPersonOf(admin), {
      type: 'static_select',
      action_id: 'location_remove',
      selected_option: { value: id },
    });
    expect(refused.text).toBe('Berlin Office is the location of Ada Lovelace; move them elsewhere first.');
    expect((await locations('set ada@acme.example none')).text).toBe('Ada Lovelace has no location now.');
    const removed = await t.click(slackPersonOf(admin), {
      type: 'static_select',
      action_id: 'location_remove',
      selected_option: { value: id },
    });
    expect(removed.text).toBe('Berlin Office was removed.');
    expect(await t.db.location.count()).toBe(0);
  });

  it.each([
    ['set ada@acme.example Nowhere', 'Acme West has no location called Nowhere'],
    ['set nobody@acme.example none', 'No user with the email nobody@acme.example'],
    ['frobnicate', 'Usage: `/locations`'],
  ])('explains %j', async (text, message) => {
    expect((await locations(text)).text).toContain(message);
  });

  it('shows viewers the list without changes, and refuses their changes', async () => {
    expect(JSON.stringify((await locations('', viewer)).blocks)).not.toContain('location_add');
    expect((await locations('set ada@acme.example none', viewer)).text).toContain('needs the Admin privilege');
    const body = await (await save({ companyId: west.id, name: 'Sneaky' }, null, viewer)).json();
    expect(JSON.stringify(body.view)).toContain('needs the Admin privilege');
  });
});
