import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SLASH_COMMAND_CATALOG } from '../../src/slack/app.ts';
import { seedOrganization, seedUser, slackPersonOf, tableCounts } from '../support/fixtures.ts';
import { startTestApp, type TestApp } from '../support/harness.ts';
import { stateValues } from '../support/slack-requests.ts';
import { waitFor } from '../support/wait.ts';

// What Slack really sends in a command's text: `&amp;` `&lt;` `&gt;` for what people type, and —
// with should_escape — `<mailto:…|…>`, `<@U…|name>` and `<#C…|name>` for what they pick.

type Stored = Awaited<ReturnType<typeof seedUser>>;
let t: TestApp;
let admin: Stored;
let ada: Stored;
let bob: Stored;

const mailto = (email: string) => `<mailto:${email}|${email}>`;

beforeAll(async () => {
  t = await startTestApp({ defaultPhoneRegion: 'DE' });
  const acme = await seedOrganization(t.db, 'Acme');
  const west = await seedOrganization(t.db, 'Acme West', acme.id);
  await seedOrganization(t.db, 'Smith & Sons', acme.id);
  admin = await seedUser(t.db, acme.id, { admin: true, firstName: 'Grace', lastName: 'Hopper' });
  ada = await seedUser(t.db, west.id, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.example' });
  bob = await seedUser(t.db, west.id, { firstName: 'Bob', lastName: 'West', email: 'bob@acme.example' });
});
afterAll(() => t.stop());
beforeEach(async () => {
  await t.db.phoneNumber.deleteMany();
  await t.db.device.deleteMany();
  await t.db.adminRequest.deleteMany();
  await t.resetSlack();
});

const answer = async (command: string, text: string, as = admin) =>
  (await t.command(slackPersonOf(as), command, text)).json();
/** Everything a refused command could have changed. */
const state = async () => ({
  ...(await tableCounts(t.db)),
  numbers: await t.db.phoneNumber.count(),
  devices: await t.db.device.count(),
  assigned: await t.db.phoneNumber.count({ where: { userId: { not: null } } }),
});

describe('a person: an @mention or an email, typed or linked', () => {
  // A second admin, so a request has someone to approve it (a lone admin's is refused at once).
  let approver: Stored;
  beforeAll(async () => {
    approver = await seedUser(t.db, admin.organizationId, { admin: true, email: 'approver@acme.example' });
  });
  afterAll(() => t.db.user.delete({ where: { id: approver.id } }));

  /** Runs /grantadmin, fills in nothing more, submits the form; returns the request it made. */
  async function grant(text: string) {
    const response = await t.command(slackPersonOf(admin), '/grantadmin', text);
    expect(response.status).toBe(200);
    const view = (await waitFor(() => t.slack.callsTo('views.open')[0])).args.view;
    const initial = (block: string) => view.blocks.find((b: any) => b.block_id === block)?.element.initial_value;
    expect(initial('reason')).toBe('on call & more');
    expect(initial('duration')).toBe('8 hours');
    await t.submitView(slackPersonOf(admin), {
      callbackId: 'request_admin',
      privateMetadata: view.private_metadata,
      values: stateValues({ reason: initial('reason'), duration: initial('duration') }),
    });
    return t.db.adminRequest.findFirstOrThrow({ where: { targetId: ada.id } });
  }

  it('/grantadmin takes an email as Slack links it', async () => {
    const request = await grant(`${mailto('ada@acme.example')} for 8 hours on call &amp; more`);
    expect(request).toMatchObject({ grantMinutes: 480, reason: 'on call & more' });
  });

  it('/grantadmin takes an @mention as Slack sends it, with and without the name', async () => {
    expect(await grant(`<@${ada.slackUserId}|ada> for 8 hours on call &amp; more`)).toMatchObject({
      grantMinutes: 480,
    });
    await t.db.adminRequest.deleteMany();
    await t.resetSlack();
    expect(await grant(`<@${ada.slackUserId}> for "8 hours" “on call &amp; more”`)).toMatchObject({
      grantMinutes: 480,
    });
  });

  it('/grantadmin says what it can’t read, and opens nothing', async () => {
    for (const [text, message] of [
      ['@ada for 8 hours', '“@ada” is neither an email nor a @mention.'],
      ['<#C0GENERAL|general>', '“#general” is neither an email nor a @mention.'],
      ['ada@acme.example "for 8 hours', 'A quote is not closed'],
    ]) {
      const body = await answer('/grantadmin', text!);
      expect(body.text).toContain(message);
      expect(body.text).toContain('Usage: `/grantadmin');
    }
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
  });

  it('/users and /audit take an email as Slack links it', async () => {
    const card = await answer('/users', mailto('ada@acme.example'));
    expect(JSON.stringify(card)).toContain('Ada Lovelace');
    expect(JSON.stringify(card)).not.toContain('No users');
    expect((await answer('/audit', mailto('ADA@acme.example'))).text).toContain('ada@acme.example');
  });

  it('/adduser, /inviteusers and /setupuser fill in an email as Slack links it', async () => {
    for (const [command, index] of [
      ['/adduser', 0],
      ['/inviteusers', 1],
      ['/setupuser', 2],
    ] as const) {
      await t.command(slackPersonOf(admin), command, mailto('New.Person@acme.example'));
      const view = (await waitFor(() => t.slack.callsTo('views.open')[index])).args.view;
      expect(JSON.stringify(view)).toContain('new.person@acme.example');
      expect(JSON.stringify(view)).not.toContain('mailto');
    }
  });

  it('/locations, /extensions, /groups, /applications, /licenses, /stations take an email as Slack links it', async () => {
    const email = mailto('ada@acme.example');
    expect((await answer('/extensions', `set ${email} next`)).text).toMatch(/^Ada Lovelace now has extension \d+\.$/);
    expect((await answer('/locations', `set ${email} none`)).text).toBe('Ada Lovelace has no location now.');
    expect((await answer('/applications', `enable ${email} Meet`)).text).toContain('Ada Lovelace has');
    expect((await answer('/groups', 'add Sales "Acme West"')).text).toBe(
      'Group Sales of Acme › Acme West was created.',
    );
    expect((await answer('/groups', `join Sales ${email}`)).text).toBe('Ada Lovelace now is in Sales.');
    expect((await answer('/licenses', 'add “Meet Pro” 2 “Acme West”')).text).toBe(
      'Added. Acme › Acme West now has 2 Meet Pro seats.',
    );
    expect((await answer('/licenses', `assign ${email} Meet Pro`)).text).toBe('Ada Lovelace has a Meet Pro license.');
    expect((await answer('/stations', `set ${email} none`)).text).toBe('Ada Lovelace has no station now.');
  });
});

describe('phone numbers with spaces, as the README shows them', () => {
  it('adds a range and a company in quotes, assigns and moves numbers typed with spaces', async () => {
    expect((await answer('/numbers', 'add +49 30 5550000..+49 30 5550009 "Acme West"')).text).toBe(
      'Added 10 numbers to the pool of Acme › Acme West.',
    );
    expect((await answer('/numbers', 'add +49 30 1234500 - +49 30 1234509 Acme West')).text).toBe(
      'Added 10 numbers to the pool of Acme › Acme West.',
    );
    expect((await answer('/numbers', 'assign ada@acme.example +49 30 1234504')).text).toBe(
      'Ada Lovelace has +49 30 1234504 now.',
    );
    expect((await answer('/numbers', `move +49 30 1234504 ${mailto('bob@acme.example')}`)).text).toBe(
      '+49 30 1234504 moved from Ada Lovelace to Bob West.',
    );
    expect((await answer('/numbers', `assign ${mailto('ada@acme.example')} (030) 555-0003`)).text).toBe(
      'Ada Lovelace has +49 30 5550003 now.',
    );
    expect((await answer('/numbers', 'unassign 030 555 0003')).text).toBe(
      "+49 30 5550003 is back in the pool (was Ada Lovelace's).",
    );
    expect((await answer('/numbers', 'Acme West')).text).toBe('Numbers of Acme › Acme West: 19 free, 1 assigned.');
  });

  it('adds a mobile with its number in words and the company after it', async () => {
    expect((await answer('/devices', 'add mobile +49 170 1234567 Acme West')).text).toBe(
      'Added mobile +49 170 1234567 to Acme › Acme West.',
    );
    expect((await answer('/devices', `assign ${mailto(bob.email)} +49 170 1234567`)).text).toBe(
      'Bob West has mobile +49 170 1234567 now.',
    );
  });
});

describe('the company, read the same way in every command', () => {
  beforeEach(async () => {
    await answer('/devices', 'add voip 00:1A:2B:3C:4D:5E "Yealink T54W" 2 company:"Acme West"');
    await answer('/devices', 'add voip 00:1A:2B:3C:4D:01');
  });

  it.each(['Acme West', '"Acme West"', '“Acme West”', 'company:"Acme West"', 'company:Acme West'])(
    '/devices %s lists that company’s devices',
    async (text) => {
      const list = await answer('/devices', text);
      expect(list.text).toBe('Devices of Acme West: 1 device.');
      expect(JSON.stringify(list.blocks)).toContain('00:1A:2B:3C:4D:5E');
    },
  );

  it.each([
    ['/numbers', 'Numbers of Acme › Acme West'],
    ['/extensions', 'Extensions of Acme › Acme West'],
    ['/applications', 'Applications of Acme › Acme West'],
    ['/groups', 'Call groups of Acme › Acme West'],
  ])('%s takes it quoted or not, curly quotes too', async (command, title) => {
    for (const text of ['Acme West', '"Acme West"', '“Acme West”', 'company:"Acme West"']) {
      expect(JSON.stringify(await answer(command, text))).toContain(title);
    }
  });

  it('reads a name Slack escaped (Smith &amp; Sons) as the name', async () => {
    expect((await answer('/numbers', 'add +49 30 9990000 Smith &amp; Sons')).text).toBe(
      'Added 1 number to the pool of Acme › Smith &amp; Sons.',
    );
    expect((await answer('/numbers', '"Smith &amp; Sons"')).text).toBe(
      'Numbers of Acme › Smith & Sons: 1 free, 0 assigned.',
    );
    expect(JSON.stringify(await answer('/extensions', 'Smith &amp; Sons'))).toContain(
      'Extensions of Acme › Smith &amp; Sons',
    );
    expect((await answer('/licenses', 'add Meet 1 Smith &amp; Sons')).text).toBe(
      'Added. Acme › Smith &amp; Sons now has 1 Meet seat.',
    );
    expect((await answer('/audit', 'Smith &amp; Sons')).text).not.toContain('is neither an email');
  });
});

describe('help', () => {
  it.each(SLASH_COMMAND_CATALOG)(
    '$command help answers its usage, and does nothing else',
    async ({ command, routerOnly }) => {
      const before = await state();
      // A command reached only through the router says so in its usage.
      const named = routerOnly ? `/switchboard ${command.slice(1)}` : command;
      for (const text of ['help', 'HELP', '--help', '-h']) {
        const body = await answer(command, text);
        expect(body.text).toMatch(/^Usage/);
        expect(body.text).toContain(named);
      }
      expect(t.slack.callsTo('views.open')).toHaveLength(0);
      expect(await state()).toEqual(before);
    },
  );
});

describe('numbers in commands: what is wrong with one, not only the usage', () => {
  const seats = (typed: string) => `The number of seats must be a whole number from 1 to 100000; you typed “${typed}”.`;
  it.each([
    ['/licenses', 'add Meet -3 "Acme West"', seats('-3')],
    ['/licenses', 'add Meet 0 "Acme West"', seats('0')],
    ['/licenses', 'add Meet 1.5 "Acme West"', seats('1.5')],
    ['/licenses', 'add Meet abc "Acme West"', seats('abc')],
    ['/licenses', 'add Meet 100001 "Acme West"', seats('100001')],
    ['/licenses', 'add Meet 99999999999999999999999 "Acme West"', seats('99999999999999999999999')],
    [
      '/stations',
      'add Basic -3 "Acme West"',
      'The number of station packages must be a whole number from 1 to 100000; you typed “-3”.',
    ],
    ['/extensions', 'policy 0 4 Acme West', 'The fewest digits must be a whole number from 1 to 10; you typed “0”.'],
    ['/extensions', 'policy 3 11 Acme West', 'The most digits must be a whole number from 1 to 10; you typed “11”.'],
    ['/extensions', 'policy three 4', 'The fewest digits must be a whole number from 1 to 10; you typed “three”.'],
  ])('%s %s', async (command, text, message) => {
    const before = await state();
    const body = await answer(command, text);
    expect(body.text.split('\n')[0]).toBe(message);
    expect(body.text).toContain('Usage');
    expect(await state()).toEqual(before);
  });

  it.each(['-3', '0', '1.5', '65'])('/devices add voip <MAC> %s: the ports, said what is wrong', async (ports) => {
    const before = await state();
    const body = await answer('/devices', `add voip 00:1A:2B:3C:4D:5E "Yealink T54W" ${ports} company:"Acme West"`);
    expect(body.text).toContain(`The number of ports must be a whole number from 1 to 64; you typed “${ports}”.`);
    expect(await state()).toEqual(before);
  });

  it('a number that is right still works', async () => {
    expect((await answer('/licenses', 'add Meet 007 "Acme West"')).text).toBe(
      'Added. Acme › Acme West now has 7 Meet seats.',
    );
  });
});

describe('bad input: a clear answer, and nothing changes', () => {
  it.each([
    ['/numbers', 'add +49 30 1234500 "Acme West', 'A quote is not closed: "Acme West'],
    ['/licenses', 'add “Meet 5 Acme West', 'A quote is not closed'],
    ['/users', '"ada', 'A quote is not closed'],
    ['/numbers', 'assign ada@acme.example +49 30 1234504 please', '“please” is more than this takes.'],
    ['/numbers', 'assign ada +49 30 1234504', '“ada” is not an email address.'],
    ['/numbers', 'move +49 30 1234504', 'Give the email of the user who gets it.'],
    ['/numbers', 'add Acme West', '“Acme” is not a phone number.'],
    ['/licenses', 'frobnicate', 'This command does not know “frobnicate”; it knows add, assign and revoke.'],
    ['/stations', 'frobnicate', 'This command does not know “frobnicate”; it knows add and set.'],
    ['/locations', 'frobnicate', 'This command does not know “frobnicate”; it knows set.'],
    [
      '/licenses',
      'add Meet seven "Acme West"',
      'The number of seats must be a whole number from 1 to 100000; you typed “seven”.',
    ],
    ['/devices', 'add toaster 00:1A:2B:3C:4D:5E', 'Say which kind of device'],
    ['/extensions', 'set ada@acme.example', 'Give the extension (digits, next or none).'],
    ['/groups', 'join Sales <@U0ADA|ada>', '@ada is a Slack mention; give their email address instead.'],
  ])('%s %s', async (command, text, message) => {
    const before = await state();
    const body = await answer(command, text);
    expect(body.text).toContain(message);
    expect(body.text).toContain('Usage');
    expect(await state()).toEqual(before);
  });

  it('names a company that is not one of yours, whatever the verb looked like', async () => {
    const before = await state();
    expect((await answer('/numbers', 'frobnicate')).text).toContain('None of your companies is called “frobnicate”');
    expect(await state()).toEqual(before);
  });
});
