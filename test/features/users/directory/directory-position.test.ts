import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchTextOf } from '../../../../src/core/users.rules.ts';
import { seedOrganization, seedUser, slackPersonOf } from '../../../support/fixtures.ts';
import { startTestApp, type TestApp } from '../../../support/harness.ts';

// 137 users in scope: the viewer, 133 named members and 3 invited people who have no name yet.
let t: TestApp;
let viewer: Awaited<ReturnType<typeof seedUser>>;

const headOf = (message: { blocks: any[] }) => message.blocks[0].text.text as string;
/** The names (or, for someone without one, the email) on a list page, in order. */
const namesIn = (message: { blocks: any[] }) =>
  message.blocks
    .filter((block) => block.type === 'section' && block.text.text.includes(' · '))
    .flatMap((block) => [...block.text.text.matchAll(/^\*([^*]+)\*/gm)].map((match: RegExpMatchArray) => match[1]));
const buttonValue = (message: { blocks: any[] }, actionId: string) =>
  message.blocks.flatMap((block) => block.elements ?? []).find((element: any) => element.action_id === actionId)?.value;
const page = (value: string, direction: 'next' | 'previous') =>
  t.click(slackPersonOf(viewer), { type: 'button', action_id: `users_page_${direction}`, value });

beforeAll(async () => {
  t = await startTestApp();
  const acme = await seedOrganization(t.db, 'Acme');
  viewer = await seedUser(t.db, acme.id, { portalAccess: true, firstName: 'Pat', lastName: 'Aaa' });
  const members = Array.from({ length: 133 }, (_, i) => {
    const n = String(i).padStart(3, '0');
    const person = {
      organizationId: acme.id,
      email: `member${n}@acme.example`,
      firstName: `First${n}`,
      lastName: `Member${n}`,
      title: null,
      officePhone: null,
      mobilePhone: null,
      faxPhone: null,
    };
    return { ...person, searchText: searchTextOf(person) };
  });
  // Invited, no name yet: listed by their email among the others (b… before Member…, z… last).
  const invited = ['zed@acme.example', 'bea@acme.example', 'member050x@acme.example'].map((email) => {
    const person = { organizationId: acme.id, email, firstName: '', lastName: '', title: null };
    return {
      ...person,
      officePhone: null,
      mobilePhone: null,
      faxPhone: null,
      active: false,
      invitedAt: new Date(),
      searchText: searchTextOf({ ...person, officePhone: null, mobilePhone: null, faxPhone: null }),
    };
  });
  await t.db.user.createMany({ data: [...members, ...invited] });
});
afterAll(() => t.stop());

describe('/users says how many there are and where you are', () => {
  it('pages through 137: 1–50, 51–100, 101–137 of 137, and back', async () => {
    const first = await (await t.command(slackPersonOf(viewer), '/users', '')).json();
    expect(headOf(first)).toBe('*Users* — 1–50 of 137');
    expect(first.text).toBe('Users: 1–50 of 137.');
    const second = await page(buttonValue(first, 'users_page_next'), 'next');
    expect(headOf(second)).toBe('*Users* — 51–100 of 137');
    const third = await page(buttonValue(second, 'users_page_next'), 'next');
    expect(headOf(third)).toBe('*Users* — 101–137 of 137');
    expect(namesIn(third)).toHaveLength(37);
    expect(buttonValue(third, 'users_page_next')).toBeUndefined();
    const back = await page(buttonValue(third, 'users_page_previous'), 'previous');
    expect(headOf(back)).toBe('*Users* — 51–100 of 137');
    expect(namesIn(back)).toEqual(namesIn(second));
    const all = [...namesIn(first), ...namesIn(second), ...namesIn(third)];
    expect(new Set(all).size).toBe(137);
  });

  it('sorts people without a name yet by their email, among the others', async () => {
    const first = await (await t.command(slackPersonOf(viewer), '/users', '')).json();
    const names = namesIn(first);
    expect(names.slice(0, 3)).toEqual(['Pat Aaa', 'bea@acme.example', 'First000 Member000']);
    const second = await page(buttonValue(first, 'users_page_next'), 'next');
    // member050x@… sorts right after Member050, not at the top with the other blank names.
    expect(namesIn(second).indexOf('member050x@acme.example')).toBe(namesIn(second).indexOf('First050 Member050') + 1);
    const third = await page(buttonValue(second, 'users_page_next'), 'next');
    expect(namesIn(third).at(-1)).toBe('zed@acme.example');
  });

  it('counts what a search matches, on one page', async () => {
    const found = await (await t.command(slackPersonOf(viewer), '/users', 'member01')).json();
    expect(headOf(found)).toBe('*Users matching “member01”* — all 10');
    const none = await (await t.command(slackPersonOf(viewer), '/users', 'nobody-here')).json();
    expect(none.text).toContain('none');
  });
});
