import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addUserValues, validAda, type AddUserFields } from '../../../support/add-user-form.ts';
import { seedOrganization, seedUser, slackPersonOf, STRANGER, tableCounts } from '../../../support/fixtures.ts';
import { NOTIFY_CHANNEL, resetToAdmin, startTestApp, TEAM_ID, type TestApp } from '../../../support/harness.ts';
import { waitFor } from '../../../support/wait.ts';

let t: TestApp;
let reseller: { id: string };
let customer: { id: string };
let elsewhere: { id: string };
let admin: Awaited<ReturnType<typeof seedUser>>;

const ADA_SLACK = 'U0ADASLACK';
const OTHER_SLACK = 'U0OTHERADA';

beforeAll(async () => {
  t = await startTestApp();
  reseller = await seedOrganization(t.db, 'Reseller');
  customer = await seedOrganization(t.db, 'Customer', reseller.id);
  elsewhere = await seedOrganization(t.db, 'Elsewhere Inc');
  admin = await seedUser(t.db, reseller.id, { admin: true, firstName: 'Grace', lastName: 'Hopper' });
  t.slack.addUser({
    id: ADA_SLACK,
    teamId: TEAM_ID,
    name: 'ada',
    realName: 'Ada L',
    email: 'ada.lovelace@example.com',
  });
  t.slack.addUser({ id: OTHER_SLACK, teamId: TEAM_ID, name: 'ada2', realName: 'Ada Two', email: 'ada2@example.com' });
  t.slack.addUser({ id: 'U0GONE', teamId: TEAM_ID, name: 'gone', realName: 'Gone', email: 'g@x.co', deleted: true });
  t.slack.addUser({ id: 'U0ROBOT', teamId: TEAM_ID, name: 'robot', realName: 'Robot', email: '', isBot: true });
});
afterAll(() => t.stop());
beforeEach(() => resetToAdmin(t, admin));

const submit = (fields: AddUserFields, as = slackPersonOf(admin)) =>
  t.submitView(as, { callbackId: 'add_user', values: addUserValues(fields) });
const ada = () => t.db.user.findUnique({ where: { email: 'ada.lovelace@example.com' } });
const confirmation = () => waitFor(() => t.slack.messagesIn(admin.slackUserId!)[0], { what: 'the confirmation' });

describe('/adduser links a Slack account', () => {
  it('shows the Slack account field and the “Don’t link” box', async () => {
    await t.command(slackPersonOf(admin), '/adduser');
    const view = (await waitFor(() => t.slack.callsTo('views.open')[0])).args.view;
    const picker = view.blocks.find((block: any) => block.block_id === 'slackUser');
    expect(picker).toMatchObject({ type: 'input', optional: true, label: { text: 'Slack account' } });
    expect(picker.element).toMatchObject({ type: 'users_select', action_id: 'value' });
    expect(picker.element.initial_user).toBeUndefined();
    const box = view.blocks.find((block: any) => block.block_id === 'noSlackLink');
    expect(box.element.options.map((option: any) => option.text.text)).toEqual(['Don’t link a Slack account']);
  });

  it('links the workspace member with the new user’s email, and that member’s next command works', async () => {
    expect(await (await submit({ ...validAda(customer.id), email: 'ADA.Lovelace@example.com' })).text()).toBe('');
    expect(t.slack.callsTo('users.lookupByEmail').map((call) => call.args.email)).toEqual(['ada.lovelace@example.com']);
    expect(await ada()).toMatchObject({ slackTeamId: TEAM_ID, slackUserId: ADA_SLACK });

    const told = await confirmation();
    expect(told.text).toContain(`Linked to the Slack account <@${ADA_SLACK}>`);
    const welcome = await waitFor(() => t.slack.messagesIn(ADA_SLACK)[0], { what: 'the DM to Ada' });
    expect(welcome.text).toBe(
      `<@${admin.slackUserId}> linked your Slack account to your Switchboard user, ada.lovelace@example.com. You can use Switchboard from Slack now: your details are in its Home tab, and its commands know who you are.`,
    );
    const actions = (await t.db.auditEvent.findMany({ orderBy: { id: 'asc' } })).map((event) => event.action);
    expect(actions).toEqual(['user.created', 'user.slack_linked']);
    const linked = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'user.slack_linked' } });
    expect(linked).toMatchObject({ before: { slackUserId: null }, after: { slackUserId: ADA_SLACK } });

    // Ada (Portal Access) runs /users as her Slack user and is recognised.
    const answer = await (await t.command({ userId: ADA_SLACK, teamId: TEAM_ID }, '/users', 'lovelace')).json();
    expect(JSON.stringify(answer)).not.toContain('not linked');
    expect(JSON.stringify(answer.blocks)).toContain('ada.lovelace@example.com');
  });

  it('links the account chosen in the field, checked with Slack, whatever its email', async () => {
    expect(await (await submit({ ...validAda(customer.id), slackUser: OTHER_SLACK })).text()).toBe('');
    expect(t.slack.callsTo('users.info').map((call) => call.args.user)).toEqual([OTHER_SLACK]);
    expect(t.slack.callsTo('users.lookupByEmail')).toHaveLength(0);
    expect((await ada())?.slackUserId).toBe(OTHER_SLACK);
  });

  it('links nobody when “Don’t link” is ticked, without asking Slack, and says how to link later', async () => {
    await submit({ ...validAda(customer.id), slackUser: null, noSlackLink: true });
    expect(t.slack.callsTo('users.lookupByEmail')).toHaveLength(0);
    expect((await ada())?.slackUserId).toBeNull();
    const told = await confirmation();
    expect(told.text).toContain('No Slack account was linked, as you chose.');
    expect(told.text).toContain('*Edit* on their card (`/users ada.lovelace@example.com`)');
    expect(told.text).toContain('`switchboard users link ada.lovelace@example.com --slack-user U…`');
    expect(await t.db.auditEvent.count({ where: { action: 'user.slack_linked' } })).toBe(0);
  });

  it('links nobody when no member has the email, and says so', async () => {
    await submit({ ...validAda(customer.id), email: 'nobody@example.com', slackUser: null });
    expect((await t.db.user.findUniqueOrThrow({ where: { email: 'nobody@example.com' } })).slackUserId).toBeNull();
    expect((await confirmation()).text).toContain(
      'No Slack account was linked: no member of this Slack workspace has the email nobody@example.com.',
    );
  });

  it('adds the user without a link when Slack can’t be asked, and says so', async () => {
    t.slack.failNext('users.lookupByEmail', { kind: 'serverError', status: 503 });
    expect(await (await submit(validAda(customer.id))).text()).toBe('');
    expect((await ada())?.slackUserId).toBeNull();
    expect((await confirmation()).text).toContain(
      'No Slack account was linked: Slack could not be asked about their email just now.',
    );
  });

  it('adds the user without a link when Slack is slow to answer, rather than miss Slack’s 3 seconds', async () => {
    // The app's own client would wait this out (no timeout); the look-up gives up after 1.5 s.
    t.slack.failNext('users.lookupByEmail', { kind: 'slow', delayMs: 4_000 });
    expect(await (await submit(validAda(customer.id))).text()).toBe('');
    expect((await ada())?.slackUserId).toBeNull();
    expect((await confirmation()).text).toContain(
      'No Slack account was linked: Slack could not be asked about their email just now.',
    );
  });

  it('adds the user without a link when Slack is rate limiting the look-up, without waiting it out', async () => {
    t.slack.failNext('users.lookupByEmail', { kind: 'rateLimited', retryAfterSeconds: 30 });
    expect(await (await submit(validAda(customer.id))).text()).toBe('');
    expect((await ada())?.slackUserId).toBeNull();
    expect((await confirmation()).text).toContain('Slack could not be asked about their email just now.');
  });

  it('says a user added deactivated can’t use Switchboard from Slack yet, to the admin and to the person', async () => {
    expect(await (await submit({ ...validAda(customer.id), privileges: [] })).text()).toBe('');
    expect(await ada()).toMatchObject({ active: false, slackUserId: ADA_SLACK });
    expect((await confirmation()).text).toContain(
      `Linked to the Slack account <@${ADA_SLACK}>, but they were added deactivated: Switchboard acts for them once they are active.`,
    );
    const told = await waitFor(() => t.slack.messagesIn(ADA_SLACK)[0], { what: 'the DM to Ada' });
    expect(told.text).toContain('That user is deactivated, so Switchboard won’t act for you until an admin');
    expect(told.text).not.toContain('You can use Switchboard from Slack now');
  });

  it('asks Slack nothing for someone who may not add users', async () => {
    const clerk = await seedUser(t.db, reseller.id, { firstName: 'Carl', lastName: 'Clerk', portalAccess: true });
    const body = await (await submit({ ...validAda(customer.id), slackUser: ADA_SLACK }, slackPersonOf(clerk))).json();
    expect(JSON.stringify(body)).toContain('This needs the Admin privilege');
    expect(t.slack.callsTo('users.info')).toEqual([]);
    expect(t.slack.callsTo('users.lookupByEmail')).toEqual([]);
    expect(await ada()).toBeNull();
  });

  it.each([
    ['a deactivated account', 'U0GONE', 'That Slack account is deactivated; choose an active member.'],
    ['a bot', 'U0ROBOT', 'That is a bot, not a person; choose the person’s own Slack account.'],
    ['an account Slack doesn’t know', 'U0NOBODY', 'Slack doesn’t know that account (any more); choose another.'],
  ])('refuses %s on the field and adds nobody', async (_case, slackUser, message) => {
    const before = await tableCounts(t.db);
    const body = await (await submit({ ...validAda(customer.id), slackUser })).json();
    expect(body).toEqual({ response_action: 'errors', errors: { slackUser: message } });
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('refuses an account chosen and “Don’t link” ticked together', async () => {
    const before = await tableCounts(t.db);
    const body = await (await submit({ ...validAda(customer.id), slackUser: OTHER_SLACK, noSlackLink: true })).json();
    expect(body.errors).toEqual({ noSlackLink: expect.stringContaining('do one or the other') });
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('refuses an account linked to another user, naming them — or not, outside the admin’s companies', async () => {
    const bob = await seedUser(t.db, customer.id, {
      firstName: 'Bob',
      lastName: 'Builder',
      email: 'bob@example.com',
      slackUserId: OTHER_SLACK,
    });
    const before = await tableCounts(t.db);
    const body = await (await submit({ ...validAda(customer.id), slackUser: OTHER_SLACK })).json();
    expect(body.errors).toEqual({
      slackUser:
        'That Slack account is already linked to Bob Builder (bob@example.com); a Slack account belongs to one user only. Unlink it from them first, or choose another.',
    });
    expect(await tableCounts(t.db)).toEqual(before);

    await t.db.user.update({ where: { id: bob.id }, data: { organizationId: elsewhere.id } });
    const hidden = await (await submit({ ...validAda(customer.id), slackUser: OTHER_SLACK })).json();
    expect(hidden.errors.slackUser).toBe('That Slack account can’t be linked to this user; choose another.');
    expect(hidden.errors.slackUser).not.toContain('Bob');
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('refuses the member found by email when another user holds that account', async () => {
    await seedUser(t.db, customer.id, { email: 'old@example.com', slackUserId: ADA_SLACK });
    const body = await (await submit({ ...validAda(customer.id), slackUser: null })).json();
    expect(body.errors.slackUser).toContain('already linked to Pat');
    expect(await ada()).toBeNull();
  });

  it('says so on the email when a form without the Slack field (opened before it existed) finds a taken account', async () => {
    await seedUser(t.db, customer.id, { email: 'old@example.com', slackUserId: ADA_SLACK });
    const body = await (await submit(validAda(customer.id))).json();
    expect(body).toEqual({
      response_action: 'errors',
      errors: { email: expect.stringContaining('That Slack account is already linked to Pat') },
    });
    expect(await ada()).toBeNull();
  });

  it('links one account to one user when two admins add two users with it at once', async () => {
    const [first, second] = await Promise.all([
      submit({ ...validAda(customer.id), email: 'one@example.com', slackUser: OTHER_SLACK }),
      submit({ ...validAda(customer.id), email: 'two@example.com', slackUser: OTHER_SLACK }),
    ]);
    const bodies = [await first.text(), await second.text()];
    expect(bodies.filter((body) => body === '')).toHaveLength(1);
    const refused = JSON.parse(bodies.find((body) => body !== '')!);
    expect(refused.errors.slackUser).toMatch(/^That Slack account is already linked to /);
    expect(await t.db.user.count({ where: { slackUserId: OTHER_SLACK } })).toBe(1);
    expect(await t.db.user.count({ where: { email: { in: ['one@example.com', 'two@example.com'] } } })).toBe(1);
  });
});

describe('a Slack user linked to nobody', () => {
  it('is told who can link them, not to ask for something no one can do', async () => {
    const body = await (await t.command(STRANGER, '/users')).json();
    expect(body.text).toContain('Your Slack account is not linked to a Switchboard user');
    expect(body.text).toContain('Edit on your card (`/users your@email`), or when adding you with `/adduser`');
    expect(body.text).toContain('`switchboard users link &lt;your email&gt; --slack-user &lt;your member id&gt;`');
    expect(body.text).not.toContain('add you with your Slack account linked');
  });
});

describe('Admin ticked when too few others could approve it', () => {
  it('adds the user without Admin, asks no one, and says why and what the operator can do', async () => {
    expect(await (await submit({ ...validAda(customer.id), privileges: ['active', 'admin'] })).text()).toBe('');
    const user = await t.db.user.findUniqueOrThrow({ where: { email: 'ada.lovelace@example.com' } });
    expect(user).toMatchObject({ active: true, admin: false });
    expect(await t.db.adminRequest.count()).toBe(0);
    const told = await confirmation();
    expect(told.text).toContain(
      'Admin rights were not requested: no one else can approve them yet (approvers are other active admins of their company or a company above it). They were added without Admin; the operator can grant it with `switchboard users grant-admin ada.lovelace@example.com --reason "…"`.',
    );
    const announcement = await waitFor(() => t.slack.messagesIn(NOTIFY_CHANNEL)[0]);
    expect(JSON.stringify(announcement.blocks)).not.toContain('awaiting approval');
  });
});
