import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addUserValues, validAda } from '../support/add-user-form.ts';
import { seedOrganization, seedUser, slackPersonOf, tableCounts } from '../support/fixtures.ts';
import { resetToAdmin, startTestApp, type TestApp } from '../support/harness.ts';
import { stateValues } from '../support/slack-requests.ts';
import { waitFor } from '../support/wait.ts';

// What people type, through the real path (signed requests, the real app, PostgreSQL): NUL and
// other control characters never make a 500, bidi overrides are removed, a name needs visible
// letters, every field has its limit, and a search matches what was typed, literally.

let t: TestApp;
let acme: { id: string };
let admin: Awaited<ReturnType<typeof seedUser>>;

beforeAll(async () => {
  t = await startTestApp();
  acme = await seedOrganization(t.db, 'Acme');
  admin = await seedUser(t.db, acme.id, { admin: true, firstName: 'Grace', lastName: 'Hopper' });
});
afterAll(() => t.stop());
beforeEach(async () => {
  await resetToAdmin(t, admin);
  await t.db.organization.deleteMany({ where: { id: { not: acme.id } } });
});

const asAdmin = () => slackPersonOf(admin);
const addUser = (fields: Partial<ReturnType<typeof validAda>>) =>
  t.submitView(asAdmin(), { callbackId: 'add_user', values: addUserValues({ ...validAda(acme.id), ...fields }) });
const addCustomer = (name: string) =>
  t.submitView(asAdmin(), {
    callbackId: 'add_customer',
    values: {
      ...stateValues({ name }),
      parentId: { company: { type: 'static_select', selected_option: { value: acme.id } } },
    },
  });
/** What a command answered (its ack, or what it posted to the response_url), as JSON text. */
async function commandAnswer(command: string, text: string): Promise<string> {
  const ack = await t.command(asAdmin(), command, text);
  expect(ack.status).toBe(200);
  const body = await ack.text();
  if (body) return body;
  return JSON.stringify((await waitFor(() => t.slack.responses.at(-1))).body);
}

describe('NUL (which PostgreSQL can’t store) never makes a 500', () => {
  it('/adduser: NUL in the names is removed at the Slack shell; the user is stored without it', async () => {
    const response = await addUser({ firstName: 'A\u0000da', lastName: '\u0000Lovelace', title: 'Eng\u0000ineer' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    const stored = await t.db.user.findUniqueOrThrow({ where: { email: 'ada.lovelace@example.com' } });
    expect([stored.firstName, stored.lastName, stored.title]).toEqual(['Ada', 'Lovelace', 'Engineer']);
  });

  it('/adduser: a name of nothing but NUL is refused on its field, and nothing is stored', async () => {
    const before = await tableCounts(t.db);
    const response = await addUser({ firstName: '\u0000\u0000' });
    expect(response.status).toBe(200);
    expect((await response.json()).errors).toEqual({ firstName: 'Enter the first name.' });
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('a company name with NUL is stored without it', async () => {
    const response = await addCustomer('Acme\u0000 West');
    expect(response.status).toBe(200);
    expect(await t.db.organization.count({ where: { name: 'Acme West' } })).toBe(1);
  });

  it('a command’s text with NUL is read without it: /users a\\u0000da finds Ada', async () => {
    await seedUser(t.db, acme.id, { firstName: 'Ada', lastName: 'Lovelace' });
    const answer = await commandAnswer('/users', 'A\u0000da');
    expect(answer).toContain('Users matching “ada”');
    expect(answer).toContain('Ada Lovelace');
  });

  it('a menu search with NUL is answered', async () => {
    const response = await t.suggest(asAdmin(), 'company', 'organizationId', 'Ac\u0000me');
    expect(response.status).toBe(200);
  });

  it('other control characters in a name are refused on the field, in words', async () => {
    const before = await tableCounts(t.db);
    const response = await addUser({ firstName: 'A\u0007da', lastName: 'Love\u009blace' });
    expect((await response.json()).errors).toEqual({
      firstName: 'The first name contains an invisible control character (U+0007); type it again without it.',
      lastName: 'The last name contains an invisible control character (U+009B); type it again without it.',
    });
    expect(await tableCounts(t.db)).toEqual(before);
  });
});
