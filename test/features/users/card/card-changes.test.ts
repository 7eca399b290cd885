import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHANGE_MENU_ACTION, type Changeable } from '../../../../src/features/users/card/card-changes.blocks.ts';
import { NONE } from '../../../../src/features/setup/setup-wizard.blocks.ts';
import { CARD_CHANGE_VIEW } from '../../../../src/features/users/card/card-changes.slack.ts';
import { seedOrganization, seedUser, slackPersonOf, tableCounts } from '../../../support/fixtures.ts';
import { startTestApp, type TestApp } from '../../../support/harness.ts';
import type { StateValues } from '../../../support/slack-requests.ts';
import { waitFor } from '../../../support/wait.ts';

type Stored = Awaited<ReturnType<typeof seedUser>>;
let t: TestApp;
let admin: Stored;
let ada: Stored;

beforeAll(async () => {
  t = await startTestApp();
  const acme = await seedOrganization(t.db, 'Acme');
  const west = await seedOrganization(t.db, 'Acme West', acme.id);
  admin = await seedUser(t.db, acme.id, { admin: true });
  ada = await seedUser(t.db, west.id, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.example' });
  const run = (command: string, text: string) => t.command(slackPersonOf(admin), command, text);
  await run('/stations', 'add Executive 1 "Acme West"');
  await run('/groups', 'add Sales "Acme West"');
  await run('/groups', 'add Support "Acme West"');
  for (const mac of ['001A2B3C4D01', '001A2B3C4D02', '001A2B3C4D03'])
    await run('/devices', `add voip ${mac} company:"Acme West"`);
  await t.db.location.create({ data: { organizationId: west.id, name: 'Berlin', key: 'berlin' } });
});
afterAll(() => t.stop());
beforeEach(() => t.resetSlack());

/** Picks "Change …" on Ada's card and returns the modal that opens. */
async function openChange(what: Changeable) {
  const version = (await t.db.user.findUniqueOrThrow({ where: { id: ada.id } })).version;
  const opened = t.slack.callsTo('views.open').length;
  await t.press(slackPersonOf(admin), {
    type: 'static_select',
    action_id: CHANGE_MENU_ACTION,
    selected_option: { value: JSON.stringify({ id: ada.id, v: version, what }) },
  });
  return (await waitFor(() => t.slack.callsTo('views.open')[opened])).args.view;
}

/** Submits the modal; an empty answer (the modal closes) reads as {}. */
async function save(view: { private_metadata: string }, values: StateValues) {
  const answer = await t.submitView(slackPersonOf(admin), {
    callbackId: CARD_CHANGE_VIEW,
    values,
    privateMetadata: view.private_metadata,
  });
  const body = await answer.text();
  return body ? JSON.parse(body) : {};
}

const pick = (value: string) => ({ field: { value: { type: 'static_select', selected_option: { value } } } });
const many = (values: string[]) => ({
  field: { value: { type: 'multi_static_select', selected_options: values.map((value) => ({ value })) } },
});

describe('the card’s Change… menu', () => {
  it('is on the card, with an entry per thing a user holds', async () => {
    const card = JSON.stringify(await (await t.command(slackPersonOf(admin), '/users', 'ada@acme.example')).json());
    for (const entry of [
      'Change extension',
      'Change station',
      'Change location',
      'Change applications',
      'Change call groups',
      'Add a device',
    ]) {
      expect(card).toContain(entry);
    }
  });

  it('changes the extension, station, location, applications and call groups', async () => {
    await t.db.user.update({
      where: { email: admin.email },
      data: { extension: '100', organizationId: ada.organizationId },
    });
    const extensionForm = await openChange('extension');
    expect(JSON.stringify(extensionForm)).toContain('3–6 digits · next free: 101 · taken: 100 ');
    await t.db.user.update({
      where: { email: admin.email },
      data: { extension: null, organizationId: admin.organizationId },
    });
    expect(
      await save(await openChange('extension'), { field: { value: { type: 'plain_text_input', value: 'next' } } }),
    ).toEqual({});
    const station = await openChange('station');
    expect(JSON.stringify(station)).toContain('Executive (1 free)');
    await save(station, pick('Executive'));
    await save(await openChange('location'), pick('Berlin'));
    await save(await openChange('applications'), many(['Softphone', 'Meet']));
    await save(await openChange('groups'), many(['Sales', 'Support']));
    const card = await t.db.user.findUniqueOrThrow({
      where: { id: ada.id },
      include: { location: true, licenses: { include: { product: true } }, callGroups: { include: { group: true } } },
    });
    expect([card.extension, card.location?.name, card.applications, card.licenses.map((l) => l.product.name)]).toEqual([
      '100',
      'Berlin',
      ['Softphone', 'Meet'],
      ['Executive'],
    ]);
    expect(card.callGroups.map((m) => m.group.name).sort()).toEqual(['Sales', 'Support']);
    await save(await openChange('location'), pick(NONE));
    expect((await t.db.user.findUniqueOrThrow({ where: { id: ada.id } })).locationId).toBeNull();
  });

  it('tells the clicker privately when the user is gone or the menu is broken', async () => {
    const gone = await t.click(slackPersonOf(admin), {
      type: 'static_select',
      action_id: CHANGE_MENU_ACTION,
      selected_option: { value: JSON.stringify({ id: '00000000-0000-4000-8000-000000000000', v: 1, what: 'station' }) },
    });
    expect(gone.text).toBe('That user no longer exists.');
    const broken = await t.click(slackPersonOf(admin), {
      type: 'static_select',
      action_id: CHANGE_MENU_ACTION,
      selected_option: { value: 'not json' },
    });
    expect(broken.text).toBe('That menu is broken; open the user again with /users.');
  });

  it('shows a bad extension on its field and changes nothing', async () => {
    const before = await tableCounts(t.db);
    const answer = await save(await openChange('extension'), {
      field: { value: { type: 'plain_text_input', value: '1' } },
    });
    expect(answer.errors.field).toContain('An extension here is 3 to 6 digits');
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('adds devices; a third one asks to accept its fee on the form before it is given', async () => {
    /** The value the form's device menu offers for this MAC (what Slack sends back when it is picked). */
    const offered = (view: { blocks: any[] }, mac: string) =>
      view.blocks
        .find((block) => block.block_id === 'field')
        .element.options.find((option: { text: { text: string } }) => option.text.text.includes(mac)).value as string;
    const first = await openChange('device');
    expect(first.blocks.some((block: { block_id?: string }) => block.block_id === 'fee')).toBe(false);
    expect(JSON.stringify(first)).toContain('No fee: Ada Lovelace has 0 devices, and 2 are free.');
    expect(await save(first, pick(offered(first, '00:1A:2B:3C:4D:01')))).toEqual({});
    const second = await openChange('device');
    expect(await save(second, pick(offered(second, '00:1A:2B:3C:4D:02')))).toEqual({});
    const third = await openChange('device');
    const fee = third.blocks.find((block: { block_id?: string }) => block.block_id === 'fee');
    expect(fee.element.options.map((option: { text: { text: string } }) => option.text.text)).toEqual([
      'I accept €4.95 a month for this device',
    ]);
    expect(fee.hint.text).toBe('Ada Lovelace has 2 devices; 2 are free, each one more costs €4.95 a month.');
    const refused = await save(third, pick(offered(third, '00:1A:2B:3C:4D:03')));
    expect(refused.errors.fee).toContain('devices beyond 2 cost €4.95 a month');
    expect(await t.db.device.count({ where: { userId: ada.id } })).toBe(2);
    expect(
      await save(third, {
        ...pick(offered(third, '00:1A:2B:3C:4D:03')),
        fee: { value: { type: 'checkboxes', selected_options: [{ value: 'accept' }] } },
      }),
    ).toEqual({});
    const held = await t.db.device.findMany({ where: { userId: ada.id }, orderBy: { mac: 'asc' } });
    expect(held.map((device) => device.mac)).toEqual(['00:1A:2B:3C:4D:01', '00:1A:2B:3C:4D:02', '00:1A:2B:3C:4D:03']);
    expect(
      JSON.stringify(await (await t.command(slackPersonOf(admin), '/users', 'ada@acme.example')).json()),
    ).toContain('VoIP phone 00:1A:2B:3C:4D:03');
  });

  it('refuses a device that is not one of the company’s on its field, changing nothing', async () => {
    const form = await openChange('device');
    const before = [await tableCounts(t.db), await t.db.device.findMany({ orderBy: { id: 'asc' } })];
    for (const value of ['00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      const answer = await save(form, pick(value));
      expect(answer.errors.field).toBe('That device is not one of this company’s devices (any more); choose another.');
    }
    expect([await tableCounts(t.db), await t.db.device.findMany({ orderBy: { id: 'asc' } })]).toEqual(before);
  });
});
