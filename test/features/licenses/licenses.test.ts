import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrganization, seedUser, slackPersonOf, tableCounts } from '../../support/fixtures.ts';
import { NOTIFY_CHANNEL, startTestApp, type TestApp } from '../../support/harness.ts';
import { waitFor } from '../../support/wait.ts';

type Stored = Awaited<ReturnType<typeof seedUser>>;
let t: TestApp;
let admin: Stored;
let viewer: Stored;
let ada: Stored;
let bob: Stored;

beforeAll(async () => {
  t = await startTestApp();
  const acme = await seedOrganization(t.db, 'Acme');
  const west = await seedOrganization(t.db, 'Acme West', acme.id);
  const other = await seedOrganization(t.db, 'Other');
  admin = await seedUser(t.db, acme.id, { admin: true });
  viewer = await seedUser(t.db, acme.id, { portalAccess: true });
  ada = await seedUser(t.db, west.id, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.example' });
  bob = await seedUser(t.db, west.id, { firstName: 'Bob', lastName: 'West', email: 'bob@acme.example' });
  await seedUser(t.db, other.id, { email: 'eve@other.example' });
});
afterAll(() => t.stop());

const licenses = async (text: string, as = admin) => (await t.command(slackPersonOf(as), '/licenses', text)).json();

describe('/licenses', () => {
  it('records purchased seats for a company in scope, audited and announced', async () => {
    expect((await licenses('add Meet 1 "Acme West"')).text).toBe('Added. Acme › Acme West now has 1 Meet seat.');
    expect((await licenses('add meet 1 acme west')).text).toBe('Added. Acme › Acme West now has 2 Meet seats.');
    expect(await t.db.auditEvent.count({ where: { action: 'licenses.added' } })).toBe(2);
    await waitFor(() =>
      t.slack.messagesIn(NOTIFY_CHANNEL).some((m) => m.text.includes('1 Meet seat was added to Acme › Acme West')),
    );
  });

  it('assigns seats until none is free, then says how many there are; revoking frees one', async () => {
    expect((await licenses('assign ada@acme.example Meet')).text).toBe('Ada Lovelace has a Meet license.');
    expect((await licenses('assign ADA@acme.example meet')).text).toBe('Ada Lovelace already had a Meet license.');
    expect((await licenses('assign bob@acme.example Meet')).text).toBe('Bob West has a Meet license.');
    await seedUser(t.db, ada.organizationId, { email: 'carol@acme.example' });
    const refused = await licenses('assign carol@acme.example Meet');
    expect(refused.text).toContain('No Meet seat is free in Acme West: 2 of 2 in use');
    const summary = JSON.stringify((await licenses('', viewer)).blocks);
    expect(summary).toContain('2 in all · 2 in use · *0 available*');
    expect(summary).toContain('Held by Ada Lovelace (ada@acme.example), Bob West (bob@acme.example)');
    const card = await (await t.command(slackPersonOf(admin), '/users', 'bob@acme.example')).json();
    expect(JSON.stringify(card.blocks)).toContain('*Licenses*\\nMeet');
    expect((await licenses('revoke bob@acme.example Meet')).text).toBe('Bob West no longer has a Meet license.');
    expect((await t.db.user.findUnique({ where: { id: bob.id } }))!.active).toBe(true);
    expect((await licenses('assign carol@acme.example Meet')).text).toContain('has a Meet license');
  });

  it('never gives away more seats than purchased, even with concurrent requests', async () => {
    await licenses('add Phone 1 "Acme West"');
    const answers = await Promise.all([
      licenses('assign ada@acme.example Phone'),
      licenses('assign bob@acme.example Phone'),
    ]);
    expect(answers.filter((a) => a.text.includes('has a Phone license'))).toHaveLength(1);
    expect(answers.filter((a) => a.text.includes('No Phone seat is free'))).toHaveLength(1);
  });

  it.each([
    ['add Meet zero', 'The number of seats must be a whole number from 1 to 100000; you typed “zero”.'],
    ['add Meet 0', 'The number of seats must be a whole number from 1 to 100000; you typed “0”.'],
    ['add "" 5', 'Name the product'],
    ['add Meet 5 Nowhere', 'None of your companies is called “Nowhere”'],
    ['assign nobody@acme.example Meet', 'No user with the email nobody@acme.example in your companies'],
    ['assign eve@other.example Meet', 'No user with the email eve@other.example in your companies'],
    ['assign ada@acme.example Fax', 'There is no product called Fax'],
    ['frobnicate', 'Usage:'],
  ])('explains %j and changes nothing', async (text, message) => {
    const before = await tableCounts(t.db);
    expect((await licenses(text)).text).toContain(message);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('says "an" before a vowel and nothing wrong when there was nothing to take back', async () => {
    await licenses('add Office 1 "Acme West"');
    expect((await licenses('assign bob@acme.example Office')).text).toBe('Bob West has an Office license.');
    expect((await licenses('assign bob@acme.example Office')).text).toBe('Bob West already had an Office license.');
    await waitFor(() => t.slack.messagesIn(NOTIFY_CHANNEL).some((m) => m.text.includes('got an Office license')));
    expect((await licenses('revoke bob@acme.example Office')).text).toBe('Bob West no longer has an Office license.');
    expect((await licenses('revoke bob@acme.example Office')).text).toBe(
      'Bob West had no Office license; nothing changed.',
    );
    const texts = t.slack.messagesIn(NOTIFY_CHANNEL).map((m) => m.text);
    expect(texts.join('\n')).not.toMatch(/\b(a [AEIOU]|an [^AEIOUaeiou\s]|no a)\w*/);
  });

  it('announces a station package as one, with its article', async () => {
    await t.command(slackPersonOf(admin), '/stations', 'add Executive 1 "Acme West"');
    const set = await (await t.command(slackPersonOf(admin), '/stations', 'set ada@acme.example Executive')).json();
    expect(set.text).toBe('Ada Lovelace has the Executive station.');
    await waitFor(() =>
      t.slack
        .messagesIn(NOTIFY_CHANNEL)
        .some((m) => m.text.includes('Ada Lovelace') && m.text.includes('got an Executive station package')),
    );
  });

  it('shows a Portal Access user the inventory but lets only Admins change it', async () => {
    expect((await licenses('add Meet 5', viewer)).text).toContain('needs the Admin privilege');
    expect(JSON.stringify((await licenses('', viewer)).blocks)).toContain('Meet');
  });
});

describe('/licenses grammar', () => {
  it('says “a Fax license”, not “an Fax license”', async () => {
    expect((await licenses('add Fax 1 "Acme West"')).text).toBe('Added. Acme › Acme West now has 1 Fax seat.');
    expect((await licenses('assign bob@acme.example Fax')).text).toBe('Bob West has a Fax license.');
    expect((await licenses('revoke bob@acme.example Fax')).text).toBe('Bob West no longer has a Fax license.');
  });
});
