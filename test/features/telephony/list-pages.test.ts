import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIST_PAGE_SIZE } from '../../../src/core/lists.rules.ts';
import { seedOrganization, seedUser, slackPersonOf, STRANGER, tableCounts } from '../../support/fixtures.ts';
import { startTestApp, type TestApp } from '../../support/harness.ts';

// /numbers, /extensions and /devices say how many there are and which are shown ("41–80 of 95"),
// a page at a time with ‹ Previous / Next ›; every line of a page is shown, none dropped.
type Stored = Awaited<ReturnType<typeof seedUser>>;
let t: TestApp;
let admin: Stored;
let viewer: Stored;
let plain: Stored;
const HOLDERS = 95; // three pages: 1–40, 41–80, 81–95

const pad = (n: number) => String(n).padStart(3, '0');
const run = async (command: string, text = '', as = admin) =>
  (await t.command(slackPersonOf(as), command, text)).json();
const textOf = (message: { blocks?: any[] }) => JSON.stringify(message.blocks ?? []);
const button = (message: { blocks?: any[] }, suffix: 'previous' | 'next') =>
  (message.blocks ?? [])
    .flatMap((block) => block.elements ?? [])
    .find((element: any) => element.type === 'button' && element.action_id.endsWith(`_${suffix}`));
const click = async (message: { blocks?: any[] }, suffix: 'previous' | 'next', as = admin) => {
  const found = button(message, suffix);
  expect(found).toBeDefined();
  return t.click(slackPersonOf(as), { type: 'button', action_id: found.action_id, value: found.value });
};

beforeAll(async () => {
  t = await startTestApp({ defaultPhoneRegion: 'DE' });
  const acme = await seedOrganization(t.db, 'Acme');
  admin = await seedUser(t.db, acme.id, { admin: true });
  viewer = await seedUser(t.db, acme.id, { portalAccess: true });
  plain = await seedUser(t.db, acme.id);
  // 95 people, each holding a number, an extension and a VoIP phone; 10 more numbers free.
  for (let n = 0; n < HOLDERS; n++) {
    const user = await seedUser(t.db, acme.id, {
      firstName: 'Holder',
      lastName: pad(n),
      email: `h${pad(n)}@acme.example`,
    });
    await t.db.user.update({ where: { id: user.id }, data: { extension: `2${pad(n)}` } });
    await t.db.phoneNumber.create({
      data: { organizationId: acme.id, number: `+4930123450${pad(n)}`, userId: user.id, assignedAt: new Date() },
    });
    await t.db.device.create({
      data: { organizationId: acme.id, kind: 'voip', mac: `02:00:00:00:00:${pad(n).slice(1)}`, userId: user.id },
    });
  }
  for (let n = 0; n < 10; n++)
    await t.db.phoneNumber.create({ data: { organizationId: acme.id, number: `+4930123459${pad(n)}` } });
});
afterAll(() => t.stop());

describe('/numbers pages who holds which number', () => {
  it('says how many are assigned and which are shown, and pages with Next › and ‹ Previous', async () => {
    const first = await run('/numbers');
    expect(first.text).toBe('Numbers of Acme: 10 free, 95 assigned.');
    expect(textOf(first)).toContain(`Assigned: 1–${LIST_PAGE_SIZE} of 95`);
    expect(textOf(first)).toContain('+49 30 123450000');
    expect(textOf(first)).toContain('Holder 039 (h039@acme.example)');
    expect(textOf(first)).not.toContain('Holder 040');
    expect(button(first, 'previous')).toBeUndefined();

    const second = await click(first, 'next', viewer);
    expect(second.replace_original).toBe(true);
    expect(textOf(second)).toContain('Assigned: 41–80 of 95');
    expect(textOf(second)).toContain('Holder 040 (h040@acme.example)');
    expect(textOf(second)).not.toContain('Holder 039');

    const third = await click(second, 'next');
    expect(textOf(third)).toContain('Assigned: 81–95 of 95');
    expect(button(third, 'next')).toBeUndefined();
    expect(textOf(await click(third, 'previous'))).toContain('Assigned: 41–80 of 95');
  });

  it('says the free numbers shown are all of them, or the first of more', async () => {
    expect(textOf(await run('/numbers'))).toContain('Free: `+49 30 123459000`');
  });
});

describe('/extensions pages who has which extension', () => {
  it('says how many are taken and which are shown', async () => {
    const first = await run('/extensions');
    expect(first.text).toBe('Extensions of Acme: 95 taken.');
    expect(textOf(first)).toContain(`Taken: 1–${LIST_PAGE_SIZE} of 95`);
    const last = await click(await click(first, 'next'), 'next');
    expect(textOf(last)).toContain('Taken: 81–95 of 95');
    expect(textOf(last)).toContain('`2094` Holder 094 (h094@acme.example)');
  });
});

describe('/devices pages the devices', () => {
  it('says how many there are and which are shown, instead of "95 devices"', async () => {
    const first = await run('/devices');
    expect(first.text).toBe(`Devices: 1–${LIST_PAGE_SIZE} of 95.`);
    const second = await click(first, 'next');
    expect(second.text).toBe('Devices: 41–80 of 95.');
    const ofAcme = await run('/devices', 'Acme');
    expect(ofAcme.text).toBe(`Devices of Acme: 1–${LIST_PAGE_SIZE} of 95.`);
    expect((await click(ofAcme, 'next')).text).toBe('Devices of Acme: 41–80 of 95.');
  });
});

describe('page buttons', () => {
  it('re-check who clicks: someone without Portal Access or Admin is refused, nothing changes', async () => {
    const first = await run('/numbers');
    const before = await tableCounts(t.db);
    const answer = await click(first, 'next', plain);
    expect(answer.text).toContain('Portal Access or Admin');
    expect(await tableCounts(t.db)).toEqual(before);
    const stranger = await t.click(STRANGER, {
      type: 'button',
      action_id: button(first, 'next').action_id,
      value: button(first, 'next').value,
    });
    expect(stranger.text).toContain('not linked');
  });

  it('answers a tampered page link clearly', async () => {
    for (const value of ['{"company":"Acme","offset":-1}', 'x', '{"offset":40}']) {
      const answer = await t.click(slackPersonOf(admin), { type: 'button', action_id: 'devices_page_next', value });
      expect(answer.text).toBe('That page link is not valid any more; run /devices again.');
    }
  });

  it('shows the last page when the list shrank since the page link was made', async () => {
    const answer = await t.click(slackPersonOf(admin), {
      type: 'button',
      action_id: 'numbers_page_next',
      value: JSON.stringify({ company: 'Acme', offset: 4000 }),
    });
    expect(textOf(answer)).toContain('Assigned: 81–95 of 95');
  });
});
