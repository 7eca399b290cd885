import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addUserValues, validAda } from '../support/add-user-form.ts';
import { seedOrganization, seedUser, slackPersonOf, tableCounts } from '../support/fixtures.ts';
import { SLASH_COMMANDS } from '../../src/slack/app.ts';
import { resetToAdmin, startTestApp, type TestApp } from '../support/harness.ts';
import { droppedMail, invitationLink } from '../support/mail.ts';
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

describe('bidi overrides and invisible names', () => {
  it('bidirectional override characters are removed from a stored name and a company name', async () => {
    const response = await addUser({ firstName: '\u202EAda\u202C', lastName: 'Love\u2066lace\u2069\u200F' });
    expect(await response.text()).toBe('');
    const stored = await t.db.user.findUniqueOrThrow({ where: { email: 'ada.lovelace@example.com' } });
    expect([stored.firstName, stored.lastName]).toEqual(['Ada', 'Lovelace']);
    expect(stored.searchText).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F]/);
    await addCustomer('evil\u202Egpj.exe');
    expect(await t.db.organization.count({ where: { name: 'evilgpj.exe' } })).toBe(1);
  });

  it('a name of nothing but invisible characters is refused on its field, and nothing is stored', async () => {
    const before = await tableCounts(t.db);
    const response = await addUser({ firstName: '\u200D\u200C', lastName: '\u3164 \u2800' });
    expect((await response.json()).errors).toEqual({
      firstName: 'Enter a name with visible letters: this first name has none.',
      lastName: 'Enter a name with visible letters: this last name has none.',
    });
    expect((await (await addCustomer('\u2060\u200D')).json()).errors).toEqual({
      name: 'Enter a name with visible letters: this company name has none.',
    });
    expect(await tableCounts(t.db)).toEqual(before);
  });
});

describe('a 100 kB comment is refused on its field: never stored, never sent', () => {
  const HUGE = 'Because. '.repeat(12_000); // about 100 kB
  let ada: Awaited<ReturnType<typeof seedUser>>;
  beforeEach(async () => {
    ada = await seedUser(t.db, acme.id, { firstName: 'Ada', lastName: 'Lovelace' });
    await t.resetSlack();
  });

  it('the reason of an admin-rights request', async () => {
    const before = await tableCounts(t.db);
    const response = await t.submitView(asAdmin(), {
      callbackId: 'request_admin',
      privateMetadata: JSON.stringify({ userId: ada.id }),
      values: stateValues({ reason: HUGE, duration: '' }),
    });
    expect(response.status).toBe(200);
    expect((await response.json()).errors).toEqual({ reason: 'A reason has at most 500 characters.' });
    expect(await tableCounts(t.db)).toEqual(before);
    expect(t.slack.callsTo('chat.postMessage')).toEqual([]);
  });

  it('the comment of a denial: the request stays pending, nobody is told anything', async () => {
    const hank = await seedUser(t.db, acme.id, { admin: true, firstName: 'Hank', lastName: 'Approver' });
    await t.submitView(slackPersonOf(hank), {
      callbackId: 'request_admin',
      privateMetadata: JSON.stringify({ userId: ada.id }),
      values: stateValues({ reason: 'Runs the lab', duration: '' }),
    });
    const request = await t.db.adminRequest.findFirstOrThrow({ where: { targetId: ada.id } });
    const before = await tableCounts(t.db);
    const notices = async () => (await t.db.outboxMessage.findMany({ orderBy: { id: 'asc' } })).map((row) => row.id);
    const queued = await notices();
    const response = await t.submitView(asAdmin(), {
      callbackId: 'deny_admin',
      privateMetadata: request.id,
      values: stateValues({ comment: HUGE }),
    });
    expect((await response.json()).errors).toEqual({ comment: 'A comment has at most 500 characters.' });
    expect(await tableCounts(t.db)).toEqual(before);
    expect((await t.db.adminRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe('pending');
    expect(await t.db.adminDecision.count()).toBe(0);
    expect(await notices()).toEqual(queued);
  });

  it('a 500-character comment is taken, stored and sent whole', async () => {
    const hank = await seedUser(t.db, acme.id, { admin: true, firstName: 'Hank', lastName: 'Approver' });
    await t.submitView(slackPersonOf(hank), {
      callbackId: 'request_admin',
      privateMetadata: JSON.stringify({ userId: ada.id }),
      values: stateValues({ reason: 'Runs the lab', duration: '' }),
    });
    const request = await t.db.adminRequest.findFirstOrThrow({ where: { targetId: ada.id } });
    const comment = 'N'.repeat(499) + '.';
    const response = await t.submitView(asAdmin(), {
      callbackId: 'deny_admin',
      privateMetadata: request.id,
      values: stateValues({ comment }),
    });
    expect((await response.json()).response_action).toBe('update');
    expect((await t.db.adminDecision.findFirstOrThrow({ where: { requestId: request.id } })).comment).toBe(comment);
    // The requester is told, with the comment (Slack would refuse a notice that broke its limits).
    await waitFor(() =>
      t.slack.callsTo('chat.postMessage').some((call) => JSON.stringify(call.args).includes(comment)),
    );
  });
});

describe('search text is literal: % _ and \\ match themselves', () => {
  beforeEach(async () => {
    for (const [firstName, lastName] of [
      ['Ada', 'Lovelace'],
      ['Per%cent', 'Sign'],
      ['Under_score', 'Case'],
      ['Back\\slash', 'Path'],
    ])
      await seedUser(t.db, acme.id, { firstName, lastName });
  });

  it.each([
    ['%', 'Per%cent Sign'],
    ['_', 'Under_score Case'],
    ['\\', 'Back\\slash Path'],
    ['r%c', 'Per%cent Sign'],
  ])('/users %s finds only %s', async (search, only) => {
    const answer = JSON.parse(await commandAnswer('/users', search));
    const listed = JSON.stringify(answer.blocks);
    expect(listed).toContain(only.replace(/\\/g, '\\\\'));
    for (const other of ['Ada Lovelace', 'Per%cent Sign', 'Under_score Case', 'Back\\\\slash Path'])
      if (other.replace(/\\\\/g, '\\') !== only) expect(listed).not.toContain(other);
  });

  it('the company picker’s search: % finds only the company with a % in its name', async () => {
    await seedOrganization(t.db, '100% Telecom', acme.id);
    await seedOrganization(t.db, 'Axyz', acme.id);
    const response = await t.suggest(asAdmin(), 'company', 'organizationId', '%');
    const options = (await response.json()).options.map((option: { text: { text: string } }) => option.text.text);
    expect(options).toEqual(['Acme › 100% Telecom']);
  });

  it('/audit a_b@x.example shows the events about that user, not about axb@x.example', async () => {
    await addUser({ email: 'a_b@x.example', firstName: 'Under', lastName: 'Score' });
    await addUser({ email: 'axb@x.example', firstName: 'Ex', lastName: 'Ample' });
    expect(await t.db.auditEvent.count({ where: { action: 'user.created' } })).toBe(2);
    const shown = await commandAnswer('/audit', 'a_b@x.example');
    expect(shown).toContain('Under Score');
    expect(shown).not.toContain('Ex Ample');
  });

  it('/invites a_b lists only the invitation whose email has a_b', async () => {
    const rows = ['a_b@x.example', 'axb@x.example'];
    const values: Record<string, Record<string, Record<string, unknown>>> = {
      organizationId: { company: { type: 'static_select', selected_option: { value: acme.id } } },
    };
    rows.forEach((email, row) => {
      values[`row${row}`] = { value: { type: 'plain_text_input', value: email } };
      values[`license${row}`] = { value: { type: 'checkboxes', selected_options: [] } };
    });
    await t.submitView(asAdmin(), { callbackId: 'invite', values, privateMetadata: JSON.stringify({ rows: 2 }) });
    expect(await t.db.invitation.count()).toBe(2);
    const listed = await commandAnswer('/invites', 'a_b');
    expect(listed).toContain('a_b@x.example');
    expect(listed).not.toContain('axb@x.example');
  });
});

describe('the invitation page holds names to the same rules', () => {
  it('NUL or a control character is refused in words (400, not 500); bidi overrides are removed', async () => {
    const meet = await t.db.product.upsert({
      where: { key: 'meet' },
      create: { name: 'Meet', key: 'meet' },
      update: {},
    });
    await t.db.licensePool.upsert({
      where: { organizationId_productId: { organizationId: acme.id, productId: meet.id } },
      create: { organizationId: acme.id, productId: meet.id, seats: 5 },
      update: {},
    });
    await t.submitView(asAdmin(), {
      callbackId: 'invite',
      privateMetadata: JSON.stringify({ rows: 1 }),
      values: {
        organizationId: { company: { type: 'static_select', selected_option: { value: acme.id } } },
        product: { value: { type: 'static_select', selected_option: { value: 'Meet' } } },
        row0: { value: { type: 'plain_text_input', value: 'nina@outside.example' } },
        license0: { value: { type: 'checkboxes', selected_options: [{ value: 'on' }] } },
      },
    });
    const mail = await waitFor(
      async () => (await droppedMail(t.config.mail.dropDir)).find((m) => m.raw.includes('nina@outside.example')),
      { what: 'the invitation email' },
    );
    const link = invitationLink(mail.raw);
    const post = (firstName: string, lastName: string) =>
      fetch(link, {
        method: 'POST',
        body: new URLSearchParams({ firstName, lastName, password: 'secret1', passwordConfirmation: 'secret1' }),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    const before = await tableCounts(t.db);
    const refused = await post('Ni\u0000na', 'x'.repeat(101));
    expect(refused.status).toBe(400);
    const page = await refused.text();
    expect(page).toContain(
      'The first name contains an invisible control character (U+0000); type it again without it.',
    );
    expect(page).toContain('The last name has at most 100 characters.');
    expect(page).toContain('maxlength="100"');
    expect((await post('\u200D', 'New\u0007comer')).status).toBe(400);
    expect(await tableCounts(t.db)).toEqual(before);
    const joined = await post('\u202ENina', 'New\u2066comer\u2069');
    expect(joined.status).toBe(200);
    const nina = await t.db.user.findUniqueOrThrow({ where: { email: 'nina@outside.example' } });
    expect([nina.active, nina.firstName, nina.lastName]).toEqual([true, 'Nina', 'Newcomer']);
  });
});

describe('100 kB typed after a command', () => {
  it.each(SLASH_COMMANDS)('%s answers within Slack’s limits, quoting at most a little of it', async (command) => {
    const huge = `ada ${'x'.repeat(100_000)}`;
    const before = await tableCounts(t.db);
    const response = await t.command(asAdmin(), command, huge);
    expect(response.status).toBe(200);
    // The answer (the ack, a response_url post or a form) is held to Slack's limits by the fake.
    const ack = await response.text();
    await waitFor(() => ack !== '' || t.slack.responses.length > 0 || t.slack.callsTo('views.open').length > 0);

    expect(await tableCounts(t.db)).toEqual(before);
  });
});

it('/requestadmin with a reason longer than the form takes says so, and opens no form', async () => {
  const answer = await commandAnswer('/requestadmin', `for 8 hours ${'Because. '.repeat(100)}`);
  expect(answer).toContain('A reason has at most 500 characters.');
  expect(t.slack.callsTo('views.open')).toEqual([]);
});

it('a refusal on a field that names what was sent is cut to what Slack shows, never refused by Slack', async () => {
  const ada = await seedUser(t.db, acme.id, { firstName: 'Ada', lastName: 'Lovelace' });
  const made = Array.from({ length: 60 }, (_, n) => ({
    text: { type: 'plain_text', text: 'x' },
    value: `App${n}`.padEnd(75, '.'),
  }));
  const response = await t.submitView(asAdmin(), {
    callbackId: 'card_change',
    privateMetadata: JSON.stringify({ email: ada.email, what: 'applications' }),
    values: { field: { value: { type: 'multi_static_select', selected_options: made } } },
  });
  const { errors } = await response.json();
  expect(errors.field).toMatch(/^Acme does not offer App0/);
  expect([...errors.field]).toHaveLength(2000);
});
