import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  NONE,
  SETUP_BACK_ACTION,
  SETUP_NUMBER_ACTION,
  SETUP_VIEWS,
} from '../../../src/features/setup/setup-wizard.blocks.ts';
import { seedOrganization, seedUser, slackPersonOf, tableCounts } from '../../support/fixtures.ts';
import { NOTIFY_CHANNEL, startTestApp, type TestApp } from '../../support/harness.ts';
import type { StateValues } from '../../support/slack-requests.ts';
import { waitFor } from '../../support/wait.ts';

type Stored = Awaited<ReturnType<typeof seedUser>>;
let t: TestApp;
let admin: Stored;
let viewer: Stored;
let west: { id: string };
let deviceId: string;
let locationId: string;

beforeAll(async () => {
  t = await startTestApp({ defaultPhoneRegion: 'DE' });
  const acme = await seedOrganization(t.db, 'Acme');
  west = await seedOrganization(t.db, 'Acme West', acme.id);
  admin = await seedUser(t.db, acme.id, { admin: true });
  viewer = await seedUser(t.db, acme.id, { portalAccess: true });
  await seedUser(t.db, west.id, { email: 'taken@acme.example', firstName: 'Tess', lastName: 'Taken' });
  const run = (command: string, text: string) => t.command(slackPersonOf(admin), command, text);
  await run('/numbers', 'add +49301234500..+49301234502 "Acme West"');
  await run('/stations', 'add Executive 1 "Acme West"');
  await run('/devices', 'add voip 00:1A:2B:3C:4D:5E "Yealink T54W" company:"Acme West"');
  deviceId = (await t.db.device.findFirstOrThrow()).id;
  locationId = (await t.db.location.create({ data: { organizationId: west.id, name: 'Berlin', key: 'berlin' } })).id;
});
afterAll(() => t.stop());
beforeEach(() => t.resetSlack());

const text = (value: string) => ({ value: { type: 'plain_text_input', value } });
const pick = (value: string, action = 'value') => ({ [action]: { type: 'static_select', selected_option: { value } } });

function step1(overrides: Record<string, string> = {}): StateValues {
  const v = { firstName: 'Nina', lastName: 'Newcomer', email: 'nina@acme.example', loginId: '', ...overrides };
  return {
    firstName: text(v.firstName),
    lastName: text(v.lastName),
    email: text(v.email),
    loginId: text(v.loginId),
    organizationId: pick(west.id, 'company'),
  };
}

function step2(
  number: string | null,
  extension = '',
  station = 'Executive',
  applications = ['Softphone'],
): StateValues {
  return {
    number: { [SETUP_NUMBER_ACTION]: { type: 'external_select', selected_option: number ? { value: number } : null } },
    extension: text(extension),
    station: pick(station || NONE),
    applications: {
      value: { type: 'multi_static_select', selected_options: applications.map((value) => ({ value })) },
    },
  };
}

function step3(device = deviceId, ports = '2', location = locationId): StateValues {
  return { device: pick(device), ports: text(ports), location: pick(location) };
}

async function submit(step: 1 | 2 | 3, values: StateValues, privateMetadata = '', as = admin) {
  const response = await t.submitView(slackPersonOf(as), { callbackId: SETUP_VIEWS[step], values, privateMetadata });
  return response.json();
}

/** Walks the first two steps; returns the metadata of the step-3 view. */
async function throughStep2(number: string | null = '+49301234501', extension = '') {
  const second = await submit(1, step1());
  expect(second.view.callback_id).toBe(SETUP_VIEWS[2]);
  const third = await submit(2, step2(number, extension), second.view.private_metadata);
  expect(third.view.callback_id).toBe(SETUP_VIEWS[3]);
  return third.view.private_metadata as string;
}

describe('/setupuser', () => {
  it('opens step 1 for Admins; others are told why', async () => {
    await t.command(slackPersonOf(admin), '/setupuser', 'nina@acme.example');
    const view = (await waitFor(() => t.slack.callsTo('views.open')[0])).args.view;
    expect(view.callback_id).toBe(SETUP_VIEWS[1]);
    expect(JSON.stringify(view)).toContain('nina@acme.example');
    expect((await (await t.command(slackPersonOf(viewer), '/setupuser')).json()).text).toContain(
      'This needs the Admin privilege',
    );
  });

  it.each([
    [{ firstName: '' }, 'firstName', 'Enter the first name.'],
    [{ email: 'nina' }, 'email', 'Enter an email address such as name@example.com.'],
    [{ email: 'taken@acme.example' }, 'email', 'taken@acme.example is a user already'],
    [{ loginId: 'not an email' }, 'loginId', 'The user ID is in email form'],
    [{ loginId: 'taken@acme.example' }, 'loginId', 'The user ID taken@acme.example is taken'],
  ])('step 1 refuses %j on its field, changing nothing', async (change, block, message) => {
    const before = await tableCounts(t.db);
    const answer = await submit(1, step1(change));
    expect(answer.response_action).toBe('errors');
    expect(answer.errors[block]).toContain(message);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('step 2 offers the company’s free numbers, stations with free seats and applications, and needs a number or an extension', async () => {
    const second = await submit(1, step1());
    const view = JSON.stringify(second.view);
    expect(view).toContain('Executive (1 free)');
    expect(view).toContain('Softphone');
    const options = await (
      await t.suggest(slackPersonOf(admin), SETUP_NUMBER_ACTION, 'number', '502', second.view.private_metadata)
    ).json();
    expect(options.options.map((o: { value: string }) => o.value)).toEqual(['+49301234502']);
    const neither = await submit(2, step2(null, ''), second.view.private_metadata);
    expect(neither.errors.number).toContain('one of them is needed');
    const short = await submit(2, step2(null, '1'), second.view.private_metadata);
    expect(short.errors.extension).toContain('An extension here is 3 to 6 digits');
  });

  it('step 2 refuses a station package with no free seat on its field, changing nothing', async () => {
    const tess = await t.db.user.findUniqueOrThrow({ where: { email: 'taken@acme.example' } });
    const executive = await t.db.product.findUniqueOrThrow({ where: { key: 'executive' } });
    const seat = await t.db.licenseAssignment.create({
      data: { userId: tess.id, productId: executive.id, station: true },
    });
    try {
      const second = await submit(1, step1());
      expect(JSON.stringify(second.view)).toContain('Executive (0 free)');
      const before = await tableCounts(t.db);
      const answer = await submit(2, step2('+49301234501'), second.view.private_metadata);
      expect(answer.response_action).toBe('errors');
      expect(answer.errors).toEqual({
        station:
          'No Executive seat is free in Acme West: 1 of 1 in use. Choose another package, or add seats with /stations add Executive <seats>.',
      });
      expect(await tableCounts(t.db)).toEqual(before);
      const without = await submit(2, step2('+49301234501', '', ''), second.view.private_metadata);
      expect(without.view.callback_id).toBe(SETUP_VIEWS[3]);
    } finally {
      await t.db.licenseAssignment.delete({ where: { id: seat.id } });
    }
  });

  it('‹ Back keeps what was typed', async () => {
    const third = await throughStep2('+49301234501', '101');
    await t.press(
      slackPersonOf(admin),
      { type: 'button', action_id: SETUP_BACK_ACTION, value: '' },
      { view: { id: 'VSETUP', callbackId: SETUP_VIEWS[3], values: step3(deviceId, '3'), privateMetadata: third } },
    );
    const update = await waitFor(() => t.slack.callsTo('views.update')[0]);
    const back = update.args.view;
    expect(back.callback_id).toBe(SETUP_VIEWS[2]);
    expect(JSON.stringify(back)).toContain('"initial_value":"101"');
    expect(JSON.stringify(back)).toContain('+49301234501');
    expect(JSON.parse(back.private_metadata).equipment.ports).toBe('3');
  });

  it('Save creates the user with everything in one go, sends the welcome and announces it', async () => {
    const third = await throughStep2('+49301234501', '101');
    const done = await submit(3, step3(), third);
    expect(done.view.title.text).toBe('User set up');
    const user = await t.db.user.findUniqueOrThrow({
      where: { email: 'nina@acme.example' },
      include: {
        phoneNumbers: true,
        devices: true,
        licenses: { include: { product: true } },
        invitation: true,
        location: true,
      },
    });
    expect([user.firstName, user.loginId, user.extension, user.applications, user.location?.name]).toEqual([
      'Nina',
      'nina@acme.example',
      '101',
      ['Softphone'],
      'Berlin',
    ]);
    expect(user.phoneNumbers.map((n) => n.number)).toEqual(['+49301234501']);
    expect(user.devices.map((d) => [d.mac, d.ports])).toEqual([['00:1A:2B:3C:4D:5E', 2]]);
    expect(user.licenses.map((l) => [l.product.name, l.station])).toEqual([['Executive', true]]);
    expect(user.invitation?.status).toBe('sent');
    await waitFor(() =>
      t.slack.messagesIn(NOTIFY_CHANNEL).some((m) => m.text.includes('was set up in Acme › Acme West')),
    );
    await waitFor(
      async () => (await t.db.invitation.findUnique({ where: { userId: user.id } }))?.deliveredVia === 'email',
    );
    await t.db.user.delete({ where: { id: user.id } });
  });

  it('shows the User ID on the card, and /users <User ID> finds the user', async () => {
    const second = await submit(1, step1({ loginId: 'N.Newcomer@Login.example' }));
    const third = await submit(2, step2('+49301234501'), second.view.private_metadata);
    const done = await submit(3, step3(NONE, '1', NONE), third.view.private_metadata);
    const user = await t.db.user.findUniqueOrThrow({ where: { email: 'nina@acme.example' } });
    try {
      expect(done.view.title.text).toBe('User set up');
      expect(user.loginId).toBe('n.newcomer@login.example');
      for (const typed of ['nina@acme.example', 'n.newcomer@login.example']) {
        const card = JSON.stringify(await (await t.command(slackPersonOf(admin), '/users', typed)).json());
        expect(card).toContain('Nina Newcomer');
        expect(card).toContain('*User ID*\\nn.newcomer@login.example');
      }
    } finally {
      await t.db.user.delete({ where: { id: user.id } });
    }
  });

  it('a number taken while the wizard was open: Save goes back to step 2 saying so, and nothing is created', async () => {
    const third = await throughStep2('+49301234502');
    await t.command(slackPersonOf(admin), '/numbers', 'assign taken@acme.example +49301234502');
    const before = await tableCounts(t.db);
    const answer = await submit(3, step3(), third);
    expect(answer.response_action).toBe('update');
    expect(answer.view.callback_id).toBe(SETUP_VIEWS[2]);
    expect(JSON.stringify(answer.view)).toContain('+49301234502 was taken by Tess Taken meanwhile; pick another.');
    expect(await tableCounts(t.db)).toEqual(before);
    expect(await t.db.user.count({ where: { email: 'nina@acme.example' } })).toBe(0);
  });

  it('a device taken meanwhile is refused on its field in step 3; nothing is created', async () => {
    const third = await throughStep2('+49301234500');
    await t.command(slackPersonOf(admin), '/devices', 'assign taken@acme.example 00:1A:2B:3C:4D:5E');
    const before = await tableCounts(t.db);
    const answer = await submit(3, step3(), third);
    expect(answer.response_action).toBe('errors');
    expect(answer.errors.device).toContain('was assigned to Tess Taken meanwhile');
    expect(await tableCounts(t.db)).toEqual(before);
    expect((await submit(3, step3(NONE, '99'), third)).errors.ports).toContain('from 1 to 64');
  });
});
