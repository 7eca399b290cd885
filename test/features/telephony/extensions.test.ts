import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkExtension, nextFreeExtension } from '../../../src/features/telephony/extensions.rules.ts';
import { addUserValues } from '../../support/add-user-form.ts';
import { seedOrganization, seedUser, slackPersonOf, tableCounts } from '../../support/fixtures.ts';
import { startTestApp, type TestApp } from '../../support/harness.ts';

type Stored = Awaited<ReturnType<typeof seedUser>>;
let t: TestApp;
let admin: Stored;
let viewer: Stored;

beforeAll(async () => {
  t = await startTestApp();
  const acme = await seedOrganization(t.db, 'Acme');
  admin = await seedUser(t.db, acme.id, { admin: true });
  viewer = await seedUser(t.db, acme.id, { portalAccess: true });
  await seedUser(t.db, acme.id, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.example' });
  await seedUser(t.db, acme.id, { firstName: 'Bob', lastName: 'Builder', email: 'bob@acme.example' });
  await seedUser(t.db, (await seedOrganization(t.db, 'Other')).id, { email: 'eve@other.example' });
});
afterAll(() => t.stop());

const extensions = async (text = '', as = admin) => (await t.command(slackPersonOf(as), '/extensions', text)).json();

describe('extensions (rules)', () => {
  it('accepts digits within the policy only', () => {
    expect(checkExtension(' 101 ', { min: 3, max: 6 })).toEqual({ ok: true, value: '101' });
    for (const typed of ['12', '1234567', '10a', '', '+101'])
      expect(checkExtension(typed, { min: 3, max: 6 }).ok).toBe(false);
  });

  it('suggests the lowest free one of the shortest length, never a taken one', () => {
    expect(nextFreeExtension(new Set(['100', '101']), { min: 3, max: 4 })).toBe('102');
    expect(nextFreeExtension(new Set(Array.from({ length: 9 }, (_, i) => String(i + 1))), { min: 1, max: 2 })).toBe(
      '10',
    );
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 100, max: 999 }).map(String), { maxLength: 50 }), (taken) => {
        const next = nextFreeExtension(new Set(taken), { min: 3, max: 4 })!;
        expect(taken).not.toContain(next);
        expect(next).toMatch(/^\d{3,4}$/);
      }),
    );
  });
});

describe('/extensions', () => {
  it('sets an extension, the next free one, and shows what is taken', async () => {
    expect((await extensions('set ada@acme.example 101')).text).toBe('Ada Lovelace now has extension 101.');
    expect((await extensions('set bob@acme.example next')).text).toBe('Bob Builder now has extension 100.');
    const overview = JSON.stringify((await extensions('', viewer)).blocks);
    expect(overview).toContain('3 to 6 digits · next free: `102`');
    expect(overview).toContain('`101` Ada Lovelace (ada@acme.example)');
    const card = await (await t.command(slackPersonOf(admin), '/users', 'ada@acme.example')).json();
    expect(JSON.stringify(card.blocks)).toContain('*Extension*\\n101');
  });

  it('refuses a taken extension, naming who has it, even when two admins try at once', async () => {
    expect((await extensions('set bob@acme.example 101')).text).toBe(
      'Extension 101 is taken by Ada Lovelace. The next free one is shown by /extensions.',
    );
    const answers = await Promise.all([extensions('set ada@acme.example 555'), extensions('set bob@acme.example 555')]);
    expect(answers.filter((a) => a.text.includes('now has extension 555'))).toHaveLength(1);
    expect(await t.db.user.count({ where: { extension: '555' } })).toBe(1);
  });

  it.each([
    ['set ada@acme.example 12', 'An extension here is 3 to 6 digits'],
    ['set ada@acme.example abc', 'An extension here is 3 to 6 digits'],
    ['set eve@other.example 200', 'No user with the email eve@other.example in your companies'],
    ['policy 4 2', 'shortest ≤ longest'],
    ['policy 4 6', '2 extensions would not fit (e.g. 10'], // who won the race above decides which
    ['set ada@acme.example', 'Usage:'],
    ['Nowhere', 'None of your companies is called “Nowhere”'],
  ])('explains %j and changes nothing', async (text, message) => {
    const before = await tableCounts(t.db);
    const extensionsBefore = await t.db.user.findMany({ select: { extension: true }, orderBy: { email: 'asc' } });
    expect(JSON.stringify(await extensions(text))).toContain(message);
    expect(await tableCounts(t.db)).toEqual(before);
    expect(await t.db.user.findMany({ select: { extension: true }, orderBy: { email: 'asc' } })).toEqual(
      extensionsBefore,
    );
  });

  it('changes the policy when every extension fits, and takes an extension away', async () => {
    expect((await extensions('set bob@acme.example none')).text).toBe('Bob Builder has no extension now.');
    expect((await extensions('set ada@acme.example none')).text).toBe('Ada Lovelace has no extension now.');
    expect((await extensions('policy 4 5')).text).toBe('Extensions of Acme now have 4 to 5 digits.');
    expect((await extensions('set ada@acme.example next')).text).toBe('Ada Lovelace now has extension 1000.');
  });

  it('keeps a user with an extension taken in another company from moving there', async () => {
    const branch = await seedOrganization(t.db, 'Branch', admin.organizationId);
    const carl = await seedUser(t.db, branch.id, { email: 'carl@acme.example' });
    await t.db.user.update({ where: { id: carl.id }, data: { extension: '1000' } });
    const ada = await t.db.user.findUniqueOrThrow({ where: { email: 'ada@acme.example' } });
    const body = await (
      await t.submitView(slackPersonOf(admin), {
        callbackId: 'edit_user',
        privateMetadata: JSON.stringify({ id: ada.id, v: ada.version }),
        values: addUserValues({ email: ada.email, firstName: 'Ada', lastName: 'Lovelace', organizationId: branch.id }),
      })
    ).json();
    expect(body.errors.organizationId).toContain('Extension 1000 is taken in that company by');
    expect((await t.db.user.findUniqueOrThrow({ where: { id: ada.id } })).organizationId).toBe(admin.organizationId);
  });

  it('lets only Admins change extensions', async () => {
    expect((await extensions('set ada@acme.example 4321', viewer)).text).toContain('needs the Admin privilege');
  });
});
