import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addUserValues, type AddUserFields } from '../../../support/add-user-form.ts';
import { seedOrganization, seedUser, slackPersonOf, tableCounts } from '../../../support/fixtures.ts';
import { NOTIFY_CHANNEL, resetToAdmin, startTestApp, TEAM_ID, type TestApp } from '../../../support/harness.ts';
import { waitFor } from '../../../support/wait.ts';

let t: TestApp;
let org: { id: string };
let admin: Awaited<ReturnType<typeof seedUser>>;
type Stored = Awaited<ReturnType<typeof seedUser>>;

const NEW_SLACK = 'U0NEWSLACK';

beforeAll(async () => {
  t = await startTestApp();
  org = await seedOrganization(t.db, 'Acme');
  admin = await seedUser(t.db, org.id, { admin: true, firstName: 'Grace', lastName: 'Hopper' });
  t.slack.addUser({ id: NEW_SLACK, teamId: TEAM_ID, name: 'ada', realName: 'Ada', email: 'ada@home.example' });
  t.slack.addUser({ id: 'U0ROBOT', teamId: TEAM_ID, name: 'robot', realName: 'Robot', email: '', isBot: true });
});
afterAll(() => t.stop());
beforeEach(() => resetToAdmin(t, admin));

const ada = (slackUserId: string | null = 'U0OLDSLACK') =>
  seedUser(t.db, org.id, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.example', slackUserId });
const reload = (user: { id: string }) => t.db.user.findUniqueOrThrow({ where: { id: user.id } });
const fields = (user: Stored, changes: Partial<AddUserFields> = {}): AddUserFields => ({
  email: user.email,
  firstName: user.firstName,
  lastName: user.lastName,
  organizationId: user.organizationId,
  privileges: ['active'],
  slackUser: user.slackUserId,
  noSlackLink: false,
  ...changes,
});

/** Opens Edit from the user's card, as the admin would: /users <email>, then Edit. */
async function openEdit(user: Stored) {
  const card = await (await t.command(slackPersonOf(admin), '/users', user.email)).json();
  const edit = card.blocks
    .flatMap((block: any) => block.elements ?? [])
    .find((element: any) => element.action_id === 'user_edit');
  await t.press(slackPersonOf(admin), { type: 'button', action_id: 'user_edit', value: edit.value });
  return (await waitFor(() => t.slack.callsTo('views.open').at(-1))).args.view;
}

const save = (view: { private_metadata: string }, values: AddUserFields, as = admin) =>
  t.submitView(slackPersonOf(as), {
    callbackId: 'edit_user',
    values: addUserValues(values),
    privateMetadata: view.private_metadata,
  });

/** What the app posted to the response_url of the click that opened the form. */
const answersTo = (view: { private_metadata: string }) => {
  const id = String(JSON.parse(view.private_metadata).responseUrl).split('/').at(-1);
  return t.slack.responses.filter((response) => response.id === id).map((response) => response.body);
};

/** The card replaced and the list of changes, once both are posted. */
async function bothAnswers(view: { private_metadata: string }): Promise<[any, any]> {
  const answers = await waitFor(() => (answersTo(view).length === 2 ? answersTo(view) : undefined), {
    what: 'the card and the list',
  });
  return [answers[0], answers[1]];
}

describe('Edit links, changes and unlinks the Slack account', () => {
  it('shows the current account in the picker, and the box to unlink it', async () => {
    const user = await ada();
    const view = await openEdit(user);
    const picker = view.blocks.find((block: any) => block.block_id === 'slackUser');
    expect(picker.element).toMatchObject({ type: 'users_select', initial_user: 'U0OLDSLACK' });
    const box = view.blocks.find((block: any) => block.block_id === 'noSlackLink');
    expect(box.element.options.map((option: any) => option.text.text)).toEqual(['Unlink the Slack account']);
    expect(JSON.parse(view.private_metadata)).toMatchObject({ id: user.id, v: 1, responseUrl: expect.any(String) });
  });

  it('offers no unlink box for a user with no Slack account', async () => {
    const view = await openEdit(await ada(null));
    expect(view.blocks.find((block: any) => block.block_id === 'slackUser').element.initial_user).toBeUndefined();
    expect(view.blocks.some((block: any) => block.block_id === 'noSlackLink')).toBe(false);
  });

  it('changes the account: closes, shows the card as it is now and privately lists what changed', async () => {
    const user = await ada();
    const view = await openEdit(user);
    const response = await save(
      view,
      fields(user, { title: 'Countess', officePhone: '415 555 0100', slackUser: NEW_SLACK }),
    );
    expect(await response.text()).toBe('');
    expect(await reload(user)).toMatchObject({ title: 'Countess', slackUserId: NEW_SLACK, slackTeamId: TEAM_ID });

    const [card, told] = await bothAnswers(view);
    expect(card.replace_original).toBe(true);
    expect(JSON.stringify(card.blocks)).toContain('*Title*\\nCountess');
    expect(JSON.stringify(card.blocks)).toContain(`<@${NEW_SLACK}>`);
    expect(told).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const lines = told.blocks.map((block: any) => block.text.text).join('\n');
    expect(lines).toContain('Saved Ada Lovelace (ada@acme.example):');
    expect(lines).toContain('• *Title*: — → “Countess”');
    expect(lines).toContain('• *Office number*: — → “+1 415 555 0100”');
    expect(lines).toContain(`• *Slack account*: <@U0OLDSLACK> → <@${NEW_SLACK}>`);

    const linked = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'user.slack_linked' } });
    expect(linked).toMatchObject({ before: { slackUserId: 'U0OLDSLACK' }, after: { slackUserId: NEW_SLACK } });
    const edited = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'user.edited' } });
    expect(edited.after).toEqual({ title: 'Countess', officePhone: '+14155550100' });
    await waitFor(() =>
      t.slack
        .messagesIn(NOTIFY_CHANNEL)
        .some((message) =>
          message.text.includes(`is now linked to the Slack account <@${NEW_SLACK}> (was <@U0OLDSLACK>)`),
        ),
    );
    const welcome = await waitFor(() => t.slack.messagesIn(NEW_SLACK)[0]);
    expect(welcome.text).toContain('linked your Slack account to your Switchboard user, ada@acme.example');
  });

  it('links a user who had no account, with only the account changed', async () => {
    const user = await ada(null);
    const view = await openEdit(user);
    expect(await (await save(view, fields(user, { slackUser: NEW_SLACK }))).text()).toBe('');
    expect((await reload(user)).slackUserId).toBe(NEW_SLACK);
    expect(await t.db.auditEvent.count({ where: { action: 'user.edited' } })).toBe(0);
    const [, told] = await bothAnswers(view);
    expect(told.text).toBe('Saved Ada Lovelace (ada@acme.example): Slack account');
    expect(JSON.stringify(told.blocks)).toContain(`not linked → <@${NEW_SLACK}>`);
  });

  it.each([
    ['clearing the picker', { slackUser: null }],
    ['ticking “Unlink”, the picker still showing the account', { noSlackLink: true }],
  ])('unlinks by %s', async (_how, changes) => {
    const user = await ada();
    const view = await openEdit(user);
    expect(await (await save(view, fields(user, changes))).text()).toBe('');
    expect(await reload(user)).toMatchObject({ slackUserId: null, slackTeamId: null, version: 2 });
    const unlinked = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'user.slack_unlinked' } });
    expect(unlinked).toMatchObject({ before: { slackUserId: 'U0OLDSLACK' }, after: { slackUserId: null } });
    await waitFor(() =>
      t.slack
        .messagesIn(NOTIFY_CHANNEL)
        .some((message) => message.text.includes('is no longer linked to a Slack account (was <@U0OLDSLACK>)')),
    );
    const [, told] = await bothAnswers(view);
    expect(JSON.stringify(told.blocks)).toContain('<@U0OLDSLACK> → not linked');
  });

  it('leaves the account alone when the form has no Slack field (opened before it existed)', async () => {
    const user = await ada();
    const view = await openEdit(user);
    await save(view, { ...fields(user, { title: 'Countess' }), slackUser: undefined, noSlackLink: undefined });
    expect(await reload(user)).toMatchObject({ title: 'Countess', slackUserId: 'U0OLDSLACK' });
  });

  it('refuses an account another user holds, naming them, and changes nothing', async () => {
    await seedUser(t.db, org.id, {
      firstName: 'Bob',
      lastName: 'B',
      email: 'bob@acme.example',
      slackUserId: NEW_SLACK,
    });
    const user = await ada();
    const view = await openEdit(user);
    const before = await tableCounts(t.db);
    const body = await (await save(view, fields(user, { title: 'Countess', slackUser: NEW_SLACK }))).json();
    expect(body.errors).toEqual({ slackUser: expect.stringContaining('already linked to Bob B (bob@acme.example)') });
    expect(await tableCounts(t.db)).toEqual(before);
    expect(await reload(user)).toMatchObject({ title: null, slackUserId: 'U0OLDSLACK', version: 1 });
  });

  it('refuses “Unlink” ticked while another account is chosen, on the box, and changes nothing', async () => {
    const user = await ada();
    const view = await openEdit(user);
    const before = await tableCounts(t.db);
    const body = await (await save(view, fields(user, { slackUser: NEW_SLACK, noSlackLink: true }))).json();
    expect(body.errors).toEqual({
      noSlackLink: 'You chose another Slack account and ticked “Unlink the Slack account”; do one or the other.',
    });
    expect(await tableCounts(t.db)).toEqual(before);
    expect(await reload(user)).toMatchObject({ slackUserId: 'U0OLDSLACK', version: 1 });
  });

  it('says “can’t be linked to this user” for an account held outside the admin’s companies, not who holds it', async () => {
    const elsewhere = await seedOrganization(t.db, 'Elsewhere');
    await seedUser(t.db, elsewhere.id, {
      firstName: 'Eve',
      lastName: 'E',
      email: 'eve@else.example',
      slackUserId: NEW_SLACK,
    });
    const user = await ada();
    const body = await (await save(await openEdit(user), fields(user, { slackUser: NEW_SLACK }))).json();
    expect(body.errors).toEqual({ slackUser: 'That Slack account can’t be linked to this user; choose another.' });
    expect((await reload(user)).slackUserId).toBe('U0OLDSLACK');
  });

  it('refuses when Slack is too slow to say who the chosen account is, rather than miss Slack’s 3 seconds', async () => {
    const user = await ada();
    const view = await openEdit(user);
    t.slack.failNext('users.info', { kind: 'slow', delayMs: 4_000 });
    const body = await (await save(view, fields(user, { slackUser: NEW_SLACK }))).json();
    expect(body.errors).toEqual({
      slackUser: 'Slack could not be asked about that account just now; try again in a moment.',
    });
    expect((await reload(user)).slackUserId).toBe('U0OLDSLACK');
  });

  it('asks Slack nothing for someone who may not edit users', async () => {
    const user = await ada();
    const view = await openEdit(user);
    const clerk = await seedUser(t.db, org.id, {
      firstName: 'Carl',
      lastName: 'Clerk',
      email: 'carl@acme.example',
      portalAccess: true,
    });
    await t.resetSlack();
    const body = await (await save(view, fields(user, { slackUser: NEW_SLACK }), clerk)).json();
    expect(JSON.stringify(body)).toContain('This needs the Admin privilege');
    expect(t.slack.callsTo('users.info')).toEqual([]);
    expect(t.slack.callsTo('users.lookupByEmail')).toEqual([]);
    expect((await reload(user)).slackUserId).toBe('U0OLDSLACK');
  });

  it('says so when nothing had changed, with a notification text free of mrkdwn entities', async () => {
    const user = await seedUser(t.db, org.id, {
      firstName: 'Ada & <Co>',
      lastName: 'Lovelace',
      email: 'ada@acme.example',
      slackUserId: 'U0OLDSLACK',
    });
    const view = await openEdit(user);
    expect(await (await save(view, fields(user))).text()).toBe('');
    const [, told] = await bothAnswers(view);
    expect(told.blocks[0].text.text).toBe(
      'Saved Ada &amp; &lt;Co&gt; Lovelace (ada@acme.example): nothing had changed, every field was as it is now.',
    );
    expect(told.text).toBe('Saved Ada ＆ ‹Co› Lovelace (ada@acme.example): nothing had changed.');
    expect(await reload(user)).toMatchObject({ version: 1 });
  });

  it('keeps no response_url too long for the form to read back: the save works, the list comes as a DM', async () => {
    const user = await ada();
    const card = await (await t.command(slackPersonOf(admin), '/users', user.email)).json();
    const edit = card.blocks
      .flatMap((block: any) => block.elements ?? [])
      .find((element: any) => element.action_id === 'user_edit');
    const responseUrl = `${t.slack.responseUrl()}?${'x'.repeat(500)}`;
    await t.press(slackPersonOf(admin), { type: 'button', action_id: 'user_edit', value: edit.value }, { responseUrl });
    const view = (await waitFor(() => t.slack.callsTo('views.open').at(-1))).args.view;
    expect(JSON.parse(view.private_metadata).responseUrl).toBeUndefined();
    expect(await (await save(view, fields(user, { title: 'Countess' }))).text()).toBe('');
    expect((await reload(user)).title).toBe('Countess');
    const dm = await waitFor(() => t.slack.messagesIn(admin.slackUserId!)[0]);
    expect(JSON.stringify(dm.blocks)).toContain('• *Title*: — → “Countess”');
  });

  it('does not follow a redirect from a response_url, even one on Slack’s host', async () => {
    const posted: string[] = [];
    const elsewhere = createServer((request, response) => {
      posted.push(request.url ?? '');
      response.end('ok');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    try {
      const user = await ada();
      const to = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/response/elsewhere`;
      const responseUrl = `${new URL(t.slack.responseUrl()).origin}/redirect?to=${encodeURIComponent(to)}`;
      await save(
        { private_metadata: JSON.stringify({ id: user.id, v: 1, responseUrl }) },
        fields(user, { title: 'Countess' }),
      );
      const dm = await waitFor(() => t.slack.messagesIn(admin.slackUserId!)[0]);
      expect(JSON.stringify(dm.blocks)).toContain('• *Title*: — → “Countess”');
      expect(posted).toEqual([]);
    } finally {
      elsewhere.close();
    }
  });

  it('tells the account it unlinked that Switchboard no longer acts for it', async () => {
    t.slack.addUser({ id: 'U0OLDSLACK', teamId: TEAM_ID, name: 'old', realName: 'Old', email: 'old@home.example' });
    const user = await ada();
    expect(await (await save(await openEdit(user), fields(user, { slackUser: NEW_SLACK }))).text()).toBe('');
    const told = await waitFor(() => t.slack.messagesIn('U0OLDSLACK')[0]);
    expect(told.text).toBe(
      `<@${admin.slackUserId}> unlinked your Slack account from the Switchboard user ada@acme.example, so Switchboard no longer answers you as that user. If that is a mistake, ask an admin of your company.`,
    );
  });

  it('refuses a bot, on the field', async () => {
    const user = await ada();
    const body = await (await save(await openEdit(user), fields(user, { slackUser: 'U0ROBOT' }))).json();
    expect(body.errors.slackUser).toContain('That is a bot');
    expect((await reload(user)).slackUserId).toBe('U0OLDSLACK');
  });

  it('refuses an admin changing their own Slack account', async () => {
    const view = await openEdit(admin);
    const body = await (await save(view, fields(admin, { privileges: ['active', 'admin'], slackUser: null }))).json();
    expect(body.errors.slackUser).toContain('You can’t change the Slack account of your own user');
    expect((await reload(admin)).slackUserId).toBe(admin.slackUserId);
  });

  it('sends the list of changes as a direct message when the form has no card to answer on', async () => {
    const user = await ada();
    await save({ private_metadata: JSON.stringify({ id: user.id, v: 1 }) }, fields(user, { title: 'Countess' }));
    const dm = await waitFor(() => t.slack.messagesIn(admin.slackUserId!)[0]);
    expect(JSON.stringify(dm.blocks)).toContain('• *Title*: — → “Countess”');
  });

  it('never posts to a response_url that is not Slack’s (metadata tampered with)', async () => {
    const posted: string[] = [];
    const elsewhere = createServer((request, response) => {
      posted.push(request.url ?? '');
      response.end('ok');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    try {
      const user = await ada();
      const r = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/response/forged`;
      await save(
        { private_metadata: JSON.stringify({ id: user.id, v: 1, responseUrl: r }) },
        fields(user, { title: 'Countess' }),
      );
      await waitFor(() => t.slack.messagesIn(admin.slackUserId!)[0]);
      expect(posted).toEqual([]);
    } finally {
      elsewhere.close();
    }
  });
});
