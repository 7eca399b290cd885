import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrganization, seedUser, slackPersonOf, tableCounts } from '../../support/fixtures.ts';
import { startTestApp, type TestApp } from '../../support/harness.ts';

type Stored = Awaited<ReturnType<typeof seedUser>>;
let t: TestApp;
let admin: Stored;
let other: Stored;
let viewer: Stored;

beforeAll(async () => {
  t = await startTestApp();
  const acme = await seedOrganization(t.db, 'Acme');
  const west = await seedOrganization(t.db, 'Acme West', acme.id);
  admin = await seedUser(t.db, acme.id, { admin: true });
  other = await seedUser(t.db, acme.id, { admin: true });
  viewer = await seedUser(t.db, acme.id, { portalAccess: true });
  await seedUser(t.db, west.id, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.example' });
  await seedUser(t.db, west.id, { firstName: 'Bob', lastName: 'West', email: 'bob@acme.example' });
});
afterAll(() => t.stop());

const run = async (command: string, text: string, as = admin) =>
  (await t.command(slackPersonOf(as), command, text)).json();

describe('/stations', () => {
  it('records station packages; a user holds one, switching frees the old seat', async () => {
    expect((await run('/stations', 'add Basic 1 "Acme West"')).text).toBe(
      'Added. Acme › Acme West now has 1 Basic station package.',
    );
    await run('/stations', 'add Executive 2 "Acme West"');
    expect((await run('/stations', 'set ada@acme.example basic')).text).toBe('Ada Lovelace has the Basic station.');
    expect((await run('/stations', 'set bob@acme.example Basic')).text).toBe(
      'No Basic seat is free in Acme West: 1 of 1 in use. Add seats with /stations add Basic &lt;seats&gt;.',
    );
    expect((await run('/stations', 'set ada@acme.example Executive')).text).toBe(
      'Ada Lovelace has the Executive station (was Basic; that seat is free again).',
    );
    expect((await run('/stations', 'set bob@acme.example Basic')).text).toBe('Bob West has the Basic station.');
    const card = JSON.stringify(await run('/users', 'ada@acme.example'));
    expect(card).toContain('*Station*\\nExecutive');
    expect(JSON.stringify(await run('/stations', ''))).toContain('(station package)');
    expect((await run('/stations', 'set ada@acme.example none')).text).toBe('Ada Lovelace has no station now.');
  });

  it('keeps station packages and licenses apart, and one station per user in the database itself', async () => {
    await run('/licenses', 'add Meet 5 "Acme West"');
    expect((await run('/stations', 'set ada@acme.example Meet')).text).toBe(
      'Meet is a license, not a station package: use /licenses for it.',
    );
    expect((await run('/licenses', 'assign ada@acme.example Executive')).text).toBe(
      'Executive is a station package: use /stations for it.',
    );
    expect((await run('/stations', 'add Meet 1 "Acme West"')).text).toBe(
      'Meet is a license, not a station package: use /licenses for it.',
    );
    const ada = await t.db.user.findUniqueOrThrow({ where: { email: 'ada@acme.example' } });
    const [basic, executive] = await Promise.all(
      ['basic', 'executive'].map((key) => t.db.product.findUniqueOrThrow({ where: { key } })),
    );
    await t.db.licenseAssignment
      .create({ data: { userId: ada.id, productId: basic!.id, station: true } })
      .catch(() => undefined);
    await expect(
      t.db.licenseAssignment.create({ data: { userId: ada.id, productId: executive!.id, station: true } }),
    ).rejects.toThrow();
  });
});

describe('/applications', () => {
  it('offers Softphone, Web-SMS and Meet by default; enables one for a user; withdrawing disables it', async () => {
    expect((await run('/applications', 'Acme West')).text).toContain('• Softphone — enabled for 0 users');
    expect((await run('/applications', 'enable ada@acme.example softphone')).text).toBe(
      'Ada Lovelace has Softphone enabled.',
    );
    expect((await run('/applications', 'enable ada@acme.example Fax2Mail')).text).toBe(
      'Acme West does not offer Fax2Mail; it offers Softphone, Web-SMS, Meet. Admins add one with /applications offer Fax2Mail.',
    );
    expect((await run('/applications', 'offer Fax2Mail "Acme West"')).text).toBe('Acme › Acme West offers Fax2Mail.');
    expect((await run('/applications', 'enable ada@acme.example fax2mail')).text).toBe(
      'Ada Lovelace has Softphone, Fax2Mail enabled.',
    );
    expect((await run('/applications', 'withdraw softphone "Acme West"')).text).toBe(
      'Acme › Acme West no longer offers Softphone. It was disabled for 1 user.',
    );
    expect((await t.db.user.findUniqueOrThrow({ where: { email: 'ada@acme.example' } })).applications).toEqual([
      'Fax2Mail',
    ]);
    expect(JSON.stringify(await run('/users', 'ada@acme.example'))).toContain('*Applications*\\nFax2Mail');
  });

  it('refuses a nameless application and a Portal Access user, changing nothing', async () => {
    const before = await tableCounts(t.db);
    expect((await run('/applications', 'offer "" "Acme West"')).text).toContain('Name the application');
    expect((await run('/applications', 'enable ada@acme.example Meet', viewer)).text).toContain(
      'This needs the Admin privilege',
    );
    expect(await tableCounts(t.db)).toEqual(before);
  });
});

describe('/groups', () => {
  it('creates call groups, adds and removes members, and shows them', async () => {
    expect((await run('/groups', 'add Sales "Acme West"')).text).toBe('Group Sales of Acme › Acme West was created.');
    expect((await run('/groups', 'add sales "Acme West"')).text).toBe('Acme West has a group called Sales already.');
    expect((await run('/groups', 'join sales ada@acme.example')).text).toBe('Ada Lovelace now is in Sales.');
    expect((await run('/groups', 'join Sales ada@acme.example', other)).text).toBe('Ada Lovelace already is in Sales.');
    await run('/groups', 'join Sales bob@acme.example');
    expect((await run('/groups', 'Acme West')).text).toContain('• *Sales* — Ada Lovelace, Bob West');
    expect((await run('/groups', 'leave Sales bob@acme.example')).text).toBe('Bob West now is not in Sales.');
    expect((await run('/groups', 'join Support ada@acme.example')).text).toContain('has no group called Support');
    expect(JSON.stringify(await run('/users', 'ada@acme.example'))).toContain('*Call groups*\\nSales');
    expect((await run('/groups', 'remove Sales "Acme West"')).text).toBe(
      'Group Sales of Acme › Acme West was removed.',
    );
    expect(await t.db.callGroupMember.count()).toBe(0);
  });
});
