import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEVICE_FEE_CONFIRM_ACTION } from '../../../src/features/telephony/devices.slack.ts';
import { LIFECYCLE_ACTIONS, NUMBER_ASSIGN_ACTION } from '../../../src/features/users/card/user-card.blocks.ts';
import { NUMBER_PICK_ACTION, NUMBER_VIEW } from '../../../src/features/telephony/number-picker.slack.ts';
import { seedOrganization, seedUser, slackPersonOf, tableCounts } from '../../support/fixtures.ts';
import { NOTIFY_CHANNEL, startTestApp, type TestApp } from '../../support/harness.ts';
import { waitFor } from '../../support/wait.ts';

type Stored = Awaited<ReturnType<typeof seedUser>>;
let t: TestApp;
let admin: Stored;
let other: Stored;
let ada: Stored;
let bob: Stored;
let eve: Stored;

beforeAll(async () => {
  t = await startTestApp({ defaultPhoneRegion: 'DE' });
  const acme = await seedOrganization(t.db, 'Acme');
  const west = await seedOrganization(t.db, 'Acme West', acme.id);
  const rival = await seedOrganization(t.db, 'Rival');
  admin = await seedUser(t.db, acme.id, { admin: true });
  other = await seedUser(t.db, acme.id, { admin: true });
  ada = await seedUser(t.db, west.id, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.example' });
  bob = await seedUser(t.db, west.id, { firstName: 'Bob', lastName: 'West', email: 'bob@acme.example' });
  eve = await seedUser(t.db, rival.id, { admin: true, email: 'eve@rival.example' });
});
afterAll(() => t.stop());
beforeEach(async () => {
  await t.db.phoneNumber.deleteMany();
  await t.db.device.deleteMany();
  await t.resetSlack();
});

const run = async (command: string, text: string, as = admin) =>
  (await t.command(slackPersonOf(as), command, text)).json();
const numbers = (text: string, as = admin) => run('/numbers', text, as);
const devices = (text: string, as = admin) => run('/devices', text, as);

describe('/numbers', () => {
  it('adds a number or a range to a pool, shows what is free and who holds the rest', async () => {
    expect((await numbers('add +49301234500..+49301234509 "Acme West"')).text).toBe(
      'Added 10 numbers to the pool of Acme › Acme West.',
    );
    expect((await numbers('add "030 1234510" "Acme West"')).text).toBe(
      'Added 1 number to the pool of Acme › Acme West.',
    );
    expect((await numbers('assign ada@acme.example +49301234503')).text).toBe('Ada Lovelace has +49 30 1234503 now.');
    const pool = await numbers('Acme West');
    expect(pool.text).toBe('Numbers of Acme › Acme West: 10 free, 1 assigned.');
    expect(JSON.stringify(pool.blocks)).toContain('`+49 30 1234503` Ada Lovelace (ada@acme.example)');
    await waitFor(() => t.slack.messagesIn(NOTIFY_CHANNEL).some((m) => m.text.includes('got +49 30 1234503')));
  });

  it.each([
    ['add 12345 "Acme West"', 'is not a valid phone number'],
    ['add +49301234509..+49301234500 "Acme West"', 'does not'],
    ['add +49301234500 Nowhere', 'None of your companies is called “Nowhere”'],
  ])('refuses %j clearly, adding nothing', async (text, message) => {
    const before = await tableCounts(t.db);
    expect((await numbers(text)).text).toContain(message);
    expect(await tableCounts(t.db)).toEqual(before);
    expect(await t.db.phoneNumber.count()).toBe(0);
  });

  it('refuses a number already in a pool — all or nothing — and another company’s number', async () => {
    await numbers('add +49301234505 "Acme West"');
    expect((await numbers('add +49301234500..+49301234509 "Acme West"')).text).toBe(
      '+49 30 1234505 is in the pool of Acme West already; nothing was added.',
    );
    expect(await t.db.phoneNumber.count()).toBe(1);
    expect((await numbers('add +49301234505', eve)).text).toContain("in another company's pool already");
    await numbers('add +4940555000', eve);
    expect((await numbers('assign ada@acme.example +4940555000')).text).toBe(
      '+49 40 555000 is not in the pool of Acme West, the company of Ada Lovelace.',
    );
  });

  it('says who holds a taken number; move gives it to another user; unassign returns it', async () => {
    await numbers('add +49301234500 "Acme West"');
    await numbers('assign ada@acme.example +49301234500');
    expect((await numbers('assign bob@acme.example +49301234500')).text).toBe(
      '+49 30 1234500 is already assigned to Ada Lovelace (ada@acme.example). To give it to Bob West instead, move it: /numbers move +49301234500 bob@acme.example.',
    );
    expect((await numbers('move +49301234500 bob@acme.example')).text).toBe(
      '+49 30 1234500 moved from Ada Lovelace to Bob West.',
    );
    expect((await numbers('unassign +49301234500')).text).toBe("+49 30 1234500 is back in the pool (was Bob West's).");
    expect((await t.db.phoneNumber.findFirstOrThrow()).userId).toBeNull();
  });

  it('two admins taking the same free number at once: one gets it, the other is told who has it', async () => {
    await numbers('add +49301234500 "Acme West"');
    const [first, second] = await Promise.all([
      numbers('assign ada@acme.example +49301234500', admin),
      numbers('assign bob@acme.example +49301234500', other),
    ]);
    const texts = [first.text, second.text];
    expect(texts.filter((text) => text.endsWith('has +49 30 1234500 now.'))).toHaveLength(1);
    expect(texts.filter((text) => text.includes('is already assigned to'))).toHaveLength(1);
  });

  it('"Assign number" on the card searches the free numbers of the user’s company and assigns one', async () => {
    await numbers('add +49301234500..+49301234502 "Acme West"');
    await numbers('add +4940555000', eve);
    const card = await run('/users', 'ada@acme.example');
    expect(JSON.stringify(card)).toContain(NUMBER_ASSIGN_ACTION);
    await t.press(slackPersonOf(admin), {
      type: 'button',
      action_id: NUMBER_ASSIGN_ACTION,
      value: JSON.stringify({ id: ada.id, v: 1 }),
    });
    const modal = (await waitFor(() => t.slack.callsTo('views.open')[0])).args.view;
    expect(JSON.stringify(modal)).toContain('external_select');
    const metadata = modal.private_metadata as string;
    const options = await (await t.suggest(slackPersonOf(admin), NUMBER_PICK_ACTION, 'number', '501', metadata)).json();
    expect(options.options.map((o: { value: string }) => o.value)).toEqual(['+49301234501']);
    // Shown as people read it; the value stays E.164.
    expect(options.options.map((o: { text: { text: string } }) => o.text.text)).toEqual(['+49 30 1234501']);
    const all = await (await t.suggest(slackPersonOf(admin), NUMBER_PICK_ACTION, 'number', '', metadata)).json();
    expect(all.options).toHaveLength(3); // none of Rival's
    const saved = await t.submitView(slackPersonOf(admin), {
      callbackId: NUMBER_VIEW,
      privateMetadata: metadata,
      values: {
        number: { [NUMBER_PICK_ACTION]: { type: 'external_select', selected_option: { value: '+49301234501' } } },
      },
    });
    expect(saved.status).toBe(200);
    expect((await t.db.phoneNumber.findUniqueOrThrow({ where: { number: '+49301234501' } })).userId).toBe(ada.id);
    expect(JSON.stringify(await run('/users', 'ada@acme.example'))).toContain('+49 30 1234501');
  });
});

describe('/devices', () => {
  it('adds a VoIP phone by MAC (any usual form), a mobile and an external phone', async () => {
    expect((await devices('add voip 00-1a-2b-3c-4d-5e "Yealink T54W" 2 company:"Acme West"')).text).toBe(
      'Added VoIP phone 00:1A:2B:3C:4D:5E (Yealink T54W, 2 ports) to Acme › Acme West.',
    );
    expect((await devices('add mobile "0170 1234567" company:"Acme West"')).text).toBe(
      'Added mobile +49 170 1234567 to Acme › Acme West.',
    );
    expect((await devices('add external +4930999999 company:"Acme West"')).text).toBe(
      'Added external phone +49 30 999999 to Acme › Acme West.',
    );
    const listed = await devices('');
    expect(JSON.stringify(listed)).toContain(
      'VoIP phone 00:1A:2B:3C:4D:5E (Yealink T54W, 2 ports) · Acme West · _unassigned_',
    );
  });

  it.each([
    ['add voip 00:1A:2B:3C:4D', 'is not a MAC address'],
    ['add voip 01:00:5E:00:00:01', 'is a multicast address'],
    ['add voip 00:1A:2B:3C:4D:5E 99', 'The number of ports must be a whole number from 1 to 64; you typed “99”.'],
    ['add mobile 123', 'is not a valid phone number'],
  ])('refuses %j clearly, adding nothing', async (text, message) => {
    const before = await tableCounts(t.db);
    expect((await devices(text)).text).toContain(message);
    expect(await tableCounts(t.db)).toEqual(before);
    expect(await t.db.device.count()).toBe(0);
  });

  it('refuses a device that is known already', async () => {
    await devices('add voip 001a2b3c4d5e');
    expect((await devices('add voip 00:1A:2B:3C:4D:5E')).text).toBe(
      'VoIP phone 00:1A:2B:3C:4D:5E is known already; nothing was added.',
    );
  });

  it('names who has a device instead of failing silently; a third device asks to confirm its fee', async () => {
    for (const mac of ['001A2B3C4D01', '001A2B3C4D02', '001A2B3C4D03'])
      await devices(`add voip ${mac} company:"Acme West"`);
    expect((await devices('assign ada@acme.example 00:1A:2B:3C:4D:01')).text).toBe(
      'Ada Lovelace has VoIP phone 00:1A:2B:3C:4D:01 now.',
    );
    expect((await devices('assign bob@acme.example 00:1A:2B:3C:4D:01')).text).toBe(
      'VoIP phone 00:1A:2B:3C:4D:01 is already assigned to Ada Lovelace (ada@acme.example). Take it back from them first: /devices unassign 00:1A:2B:3C:4D:01.',
    );
    await devices('assign ada@acme.example 00:1A:2B:3C:4D:02');
    const question = await devices('assign ada@acme.example 00:1A:2B:3C:4D:03');
    expect(question.text).toBe(
      'This would be device 3 of Ada Lovelace: devices beyond 2 cost €4.95 a month in all. Confirm to assign it.',
    );
    expect(await t.db.device.count({ where: { userId: ada.id } })).toBe(2);
    const button = question.blocks[1].elements[0];
    expect(button.action_id).toBe(DEVICE_FEE_CONFIRM_ACTION);
    const confirmed = await t.click(slackPersonOf(admin), {
      type: 'button',
      action_id: DEVICE_FEE_CONFIRM_ACTION,
      value: button.value,
    });
    expect(confirmed.text).toBe('Ada Lovelace has VoIP phone 00:1A:2B:3C:4D:03 now: 3 devices, €4.95 a month.');
    expect(await t.db.device.count({ where: { userId: ada.id } })).toBe(3);
    // A second click on the same button changes nothing and says so.
    const events = await t.db.auditEvent.count();
    const again = await t.click(slackPersonOf(admin), {
      type: 'button',
      action_id: DEVICE_FEE_CONFIRM_ACTION,
      value: button.value,
    });
    expect(again.text).toBe(
      'VoIP phone 00:1A:2B:3C:4D:03 is already assigned to Ada Lovelace (ada@acme.example); nothing changed.',
    );
    expect([await t.db.device.count({ where: { userId: ada.id } }), await t.db.auditEvent.count()]).toEqual([
      3,
      events,
    ]);
    expect((await devices('unassign 00:1A:2B:3C:4D:03')).text).toBe(
      "VoIP phone 00:1A:2B:3C:4D:03 is free again (was Ada Lovelace's).",
    );
  });

  it('two admins giving away the same device at once: one wins, the other is told to whom it went', async () => {
    await devices('add voip 001A2B3C4D09 company:"Acme West"');
    const answers = await Promise.all([
      devices('assign ada@acme.example 001A2B3C4D09', admin),
      devices('assign bob@acme.example 001A2B3C4D09', other),
    ]);
    expect(answers.filter((a) => a.text.endsWith('now.'))).toHaveLength(1);
    expect(answers.filter((a) => a.text.includes('is already assigned to'))).toHaveLength(1);
  });
});

describe('deactivating', () => {
  const click = async (action: string, user: Stored) => {
    const fresh = await t.db.user.findUniqueOrThrow({ where: { id: user.id } });
    return t.click(slackPersonOf(admin), {
      type: 'button',
      action_id: action,
      value: JSON.stringify({ id: user.id, v: fresh.version }),
    });
  };

  it('"Deactivate & release" returns numbers, devices, licenses and extension to the pools; "Deactivate" keeps them', async () => {
    await numbers('add +49301234500..+49301234501 "Acme West"');
    await devices('add mobile +491701234567 company:"Acme West"');
    await numbers('assign ada@acme.example +49301234500');
    await numbers('assign bob@acme.example +49301234501');
    await devices('assign bob@acme.example +491701234567');
    await t.db.user.update({ where: { id: bob.id }, data: { extension: '201' } });
    await click(LIFECYCLE_ACTIONS.deactivate, ada);
    expect((await t.db.phoneNumber.findUniqueOrThrow({ where: { number: '+49301234500' } })).userId).toBe(ada.id);
    const released = await click(LIFECYCLE_ACTIONS.deactivateAndRelease, bob);
    expect(JSON.stringify(released)).toContain('their numbers, devices, licenses and extension are back in the pools');
    const after = await t.db.user.findUniqueOrThrow({
      where: { id: bob.id },
      include: { phoneNumbers: true, devices: true },
    });
    expect([after.active, after.phoneNumbers.length, after.devices.length, after.extension]).toEqual([
      false,
      0,
      0,
      null,
    ]);
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { targetId: bob.id, action: 'user.deactivated' } });
    expect(event.after).toMatchObject({ released: { numbers: ['+49301234501'], devices: 1, extension: '201' } });
    await t.db.user.updateMany({ where: { id: { in: [ada.id, bob.id] } }, data: { active: true } });
  });
});
