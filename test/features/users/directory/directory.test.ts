import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchTextOf } from '../../../../src/core/users.rules.ts';
import { seedOrganization, seedUser, slackPersonOf, STRANGER, tableCounts } from '../../../support/fixtures.ts';
import { startTestApp, type TestApp } from '../../../support/harness.ts';

let t: TestApp;
let admin: Awaited<ReturnType<typeof seedUser>>;
let viewer: Awaited<ReturnType<typeof seedUser>>;

const textOf = (blocks: any[]) => JSON.stringify(blocks);
/** The names on a list page, in order. */
const namesIn = (message: { blocks: any[] }) =>
  message.blocks
    .filter((block) => block.type === 'section' && block.text.text.includes(' · '))
    .flatMap((block) => [...block.text.text.matchAll(/^\*([^*]+)\*/gm)].map((match: RegExpMatchArray) => match[1]));
const buttonValue = (message: { blocks: any[] }, actionId: string) =>
  message.blocks.flatMap((block) => block.elements ?? []).find((element: any) => element.action_id === actionId)?.value;

beforeAll(async () => {
  t = await startTestApp();
  const reseller = await seedOrganization(t.db, 'Reseller');
  const west = await seedOrganization(t.db, 'Acme West', reseller.id);
  const east = await seedOrganization(t.db, 'Acme East', reseller.id);
  const outside = await seedOrganization(t.db, 'Outside Ltd');
  admin = await seedUser(t.db, reseller.id, { admin: true, firstName: 'Grace', lastName: 'Aaron' });
  viewer = await seedUser(t.db, reseller.id, { portalAccess: true, firstName: 'Pat', lastName: 'Abbot' });
  const people = Array.from({ length: 120 }, (_, i) => {
    const person = {
      organizationId: i % 2 ? west.id : east.id,
      email: `user${String(i).padStart(3, '0')}@example.com`,
      firstName: `First${String(i).padStart(3, '0')}`,
      lastName: `Member${String(i).padStart(3, '0')}`,
      title: null,
      officePhone: i === 7 ? '+14155550123' : null,
      mobilePhone: null,
      faxPhone: null,
      active: i % 10 !== 0,
      admin: i === 3,
    };
    return { ...person, searchText: searchTextOf(person) };
  });
  await t.db.user.createMany({ data: people });
  await t.db.user.create({
    data: {
      organizationId: outside.id,
      email: 'hidden@outside.example',
      firstName: 'Hidden',
      lastName: 'Member999',
      searchText: 'hidden member999 hidden@outside.example',
    },
  });
});
afterAll(() => t.stop());

const list = async (text: string, as = slackPersonOf(viewer)) => (await t.command(as, '/users', text)).json();

describe('/users lists the users in scope', () => {
  it('shows 50 per page in name order, with status badges, and only companies in scope', async () => {
    const page = await list('');
    const names = namesIn(page);
    expect(names).toHaveLength(50);
    expect(names.slice(0, 3)).toEqual(['Grace Aaron', 'Pat Abbot', 'First000 Member000']);
    expect(textOf(page.blocks)).not.toContain('Hidden');
    expect(textOf(page.blocks)).toContain('`deactivated`');
    expect(textOf(page.blocks)).toContain('`Active` `Admin`');
    expect(buttonValue(page, 'users_page_previous')).toBeUndefined();
  });

  it('pages with Next and Previous, and a page does not shift when a user is added meanwhile', async () => {
    const first = await list('');
    const nextToken = buttonValue(first, 'users_page_next');
    const second = await t.click(slackPersonOf(viewer), {
      type: 'button',
      action_id: 'users_page_next',
      value: nextToken,
    });
    expect(second.replace_original).toBe(true);
    expect(namesIn(second)[0]).toBe('First048 Member048');
    await seedUser(t.db, admin.organizationId, { firstName: 'Early', lastName: 'Aardvark' });
    const again = await t.click(slackPersonOf(viewer), {
      type: 'button',
      action_id: 'users_page_next',
      value: nextToken,
    });
    expect(namesIn(again)).toEqual(namesIn(second));
    const back = await t.click(slackPersonOf(viewer), {
      type: 'button',
      action_id: 'users_page_previous',
      value: buttonValue(second, 'users_page_previous'),
    });
    expect(namesIn(back)).toEqual(namesIn(first).slice(0, 50));
    const third = await t.click(slackPersonOf(viewer), {
      type: 'button',
      action_id: 'users_page_next',
      value: buttonValue(second, 'users_page_next'),
    });
    expect(namesIn(third).length).toBeGreaterThan(0);
    expect(buttonValue(third, 'users_page_next')).toBeUndefined();
  });

  it.each([
    ['part of a name, any case', 'mEMBER01', 10],
    ['part of an email', 'user11', 10],
    ['a company name (a full page: 60 match)', 'acme west', 50],
    ['a phone number as people type it', '(415) 555-0123', 1],
  ])('finds by %s', async (_what, text, count) => {
    expect(namesIn(await list(text))).toHaveLength(count);
  });

  it.each([
    ['is:deactivated', 12],
    ['is:admin', 2],
    ['company:"Acme East" is:active', 48],
    ['company:east member00', 5],
  ])('filters with %s', async (text, count) => {
    expect(namesIn(await list(text))).toHaveLength(count);
  });

  it('says so when nothing matches', async () => {
    const page = await list('zebra');
    expect(page.text).toContain('none');
  });

  it.each([
    ['is:sleeping', '“is:sleeping” is not a filter'],
    ['company:', 'Name the company'],
    ['company:"Outside Ltd"', 'None of your companies is called “Outside Ltd”'],
  ])('explains a bad filter (%s) and changes nothing', async (text, message) => {
    const before = await tableCounts(t.db);
    expect((await list(text)).text).toContain(message);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('refuses a tampered page link', async () => {
    const answer = await t.click(slackPersonOf(viewer), {
      type: 'button',
      action_id: 'users_page_next',
      value: 'not-a-token',
    });
    expect(answer.text).toContain('not valid any more');
  });

  it.each([
    ['a Slack user with no Switchboard user', () => STRANGER, 'not linked'],
    [
      'an Active-only user',
      async () => slackPersonOf(await seedUser(t.db, admin.organizationId)),
      'Portal Access or Admin',
    ],
  ])('refuses %s', async (_who, person, message) => {
    expect((await list('', await person())).text).toContain(message);
  });
});

describe('a user card', () => {
  it('shows every field, the company path, dates as Slack date tokens, and no change buttons to a viewer', async () => {
    const card = await list('user007@example.com');
    const text = textOf(card.blocks);
    expect(text).toContain('First007 Member007');
    expect(text).toContain('Reseller › Acme West');
    expect(text).toContain('*Office*\\n+1 415 555 0123');
    expect(text).toMatch(/<!date\^\d+\^\{date_short_pretty\} \{time\}\|/);
    expect(text).not.toContain('user_deactivate');
  });

  it('shows Deactivate to an admin, and Reactivate and Delete for a deactivated user', async () => {
    expect(textOf((await list('user007@example.com', slackPersonOf(admin))).blocks)).toContain('user_deactivate');
    const deactivated = textOf((await list('user010@example.com', slackPersonOf(admin))).blocks);
    expect(deactivated).toContain('user_reactivate');
    expect(deactivated).toContain('user_delete');
  });

  it('opens from the list’s menu', async () => {
    const page = await list('member007');
    const picker = page.blocks
      .flatMap((block: any) => block.elements ?? [])
      .find((e: any) => e.action_id === 'user_open');
    const card = await t.click(slackPersonOf(viewer), {
      type: 'static_select',
      action_id: 'user_open',
      selected_option: { value: picker.options[0].value },
    });
    expect(textOf(card.blocks)).toContain('user007@example.com');
  });

  it('finds a user by their User ID (the set-up wizard’s login id): the card, and the list', async () => {
    await t.db.user.update({ where: { email: 'user007@example.com' }, data: { loginId: 'f.member@login.example' } });
    await t.db.user.update({ where: { email: 'hidden@outside.example' }, data: { loginId: 'hidden@login.example' } });
    const card = textOf((await list('F.Member@Login.example')).blocks);
    expect(card).toContain('user007@example.com');
    expect(card).toContain('*User ID*\\nf.member@login.example');
    expect(namesIn(await list('f.member@login.example is:active'))).toEqual(['First007 Member007']);
    expect((await list('hidden@login.example')).text).toContain(
      'No user with the email hidden@login.example in your companies',
    );
    expect(textOf((await list('user008@example.com')).blocks)).not.toContain('User ID');
  });

  it.each(['nobody@example.com', 'hidden@outside.example'])(
    'says clearly there is no such user in scope: %s',
    async (email) => {
      expect((await list(email)).text).toContain(`No user with the email ${email} in your companies`);
    },
  );
});

it('answers a tampered "Open a user" menu value clearly', async () => {
  const answer = await t.click(slackPersonOf(viewer), {
    type: 'static_select',
    action_id: 'user_open',
    selected_option: { value: 'not-a-user' },
  });
  expect(answer.text).toBe('That user no longer exists.');
});
