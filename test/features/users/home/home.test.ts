import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedOrganization, seedUser, slackPersonOf, STRANGER, tableCounts } from '../../../support/fixtures.ts';
import { startTestApp, type TestApp } from '../../../support/harness.ts';
import { stateValues, type SlackPerson } from '../../../support/slack-requests.ts';
import { waitFor } from '../../../support/wait.ts';

let t: TestApp;
let admin: Awaited<ReturnType<typeof seedUser>>;
let viewer: Awaited<ReturnType<typeof seedUser>>;
let plain: Awaited<ReturnType<typeof seedUser>>;

beforeAll(async () => {
  t = await startTestApp();
  const reseller = await seedOrganization(t.db, 'Reseller');
  const customer = await seedOrganization(t.db, 'Customer', reseller.id);
  admin = await seedUser(t.db, reseller.id, { admin: true, firstName: 'Grace' });
  viewer = await seedUser(t.db, reseller.id, { portalAccess: true });
  plain = await seedUser(t.db, customer.id, { firstName: 'Ada', lastName: 'Lovelace' });
  await seedUser(t.db, customer.id, { active: false });
  await t.db.user.update({ where: { id: viewer.id }, data: { createdAt: new Date('2020-01-01') } });
});
afterAll(() => t.stop());
beforeEach(() => t.resetSlack());

async function openHome(person: SlackPerson) {
  const response = await t.event(person, { type: 'app_home_opened', tab: 'home', channel: 'D0HOME' });
  expect(response.status).toBe(200);
  return waitFor(() => t.slack.homes.get(person.userId));
}

describe('App Home', () => {
  it('shows an admin the counts in scope, the last changes and Add user / Find users', async () => {
    const home = JSON.stringify(await openHome(slackPersonOf(admin)));
    expect(home).toContain('*Active users*\\n3');
    expect(home).toContain('*Deactivated*\\n1');
    expect(home).toContain('*Added this week*\\n3');
    expect(home).toContain('home_add_user');
    expect(home).toContain('home_find_users');
  });

  it('shows a Portal Access user the same, without Add user', async () => {
    const home = JSON.stringify(await openHome(slackPersonOf(viewer)));
    expect(home).toContain('home_find_users');
    expect(home).not.toContain('home_add_user');
  });

  it('shows others their own details with Edit my details', async () => {
    const home = JSON.stringify(await openHome(slackPersonOf(plain)));
    expect(home).toContain('Hello, Ada');
    expect(home).toContain(plain.email);
    expect(home).toContain('home_edit_details');
    expect(home).not.toContain('Active users');
  });

  it('tells someone not linked why there is nothing for them', async () => {
    expect(JSON.stringify(await openHome(STRANGER))).toContain('not linked to a Switchboard user');
  });

  it('opens Add user from Home for an admin, and refuses it to others', async () => {
    await t.press(slackPersonOf(admin), { type: 'button', action_id: 'home_add_user', value: '' });
    expect((await waitFor(() => t.slack.callsTo('views.open')[0])).args.view.callback_id).toBe('add_user');
    await t.resetSlack();
    await t.press(slackPersonOf(viewer), { type: 'button', action_id: 'home_add_user', value: '' });
    expect(JSON.stringify((await waitFor(() => t.slack.callsTo('views.open')[0])).args.view)).toContain(
      'needs the Admin privilege',
    );
  });

  it('finds users from Home', async () => {
    const find = (text: string) =>
      t
        .submitView(slackPersonOf(viewer), { callbackId: 'find_users', values: stateValues({ search: text }) })
        .then((r) => r.json());
    const found = await find('lovelace');
    expect(found.response_action).toBe('update');
    expect(JSON.stringify(found.view)).toContain('Ada Lovelace');
    expect((await find('is:nonsense')).errors.search).toContain('is not a filter');
  });

  it('lets anyone edit their own details, checked as the admin form is, and refreshes Home', async () => {
    const me = await t.db.user.findUniqueOrThrow({ where: { id: plain.id } });
    const save = (values: Record<string, string>, version = me.version) =>
      t.submitView(slackPersonOf(plain), {
        callbackId: 'own_details',
        privateMetadata: String(version),
        values: stateValues({ firstName: 'Ada', lastName: 'Lovelace', ...values }),
      });
    const before = await tableCounts(t.db);
    const bad = await (await save({ mobilePhone: 'twelve' })).json();
    expect(bad.errors.mobilePhone).toContain('not a valid phone number');
    expect((await (await save({ lastName: '' })).json()).errors.lastName).toContain('Enter the last name');
    expect(await tableCounts(t.db)).toEqual(before);
    expect(await (await save({ title: 'Countess', mobilePhone: '+44 20 7946 0958' })).text()).toBe('');
    expect(await t.db.user.findUniqueOrThrow({ where: { id: plain.id } })).toMatchObject({
      title: 'Countess',
      mobilePhone: '+442079460958',
    });
    await waitFor(() => JSON.stringify(t.slack.homes.get(plain.slackUserId!) ?? '').includes('Countess'));
    const stale = await (await save({ title: 'Old view' })).json();
    expect(stale.response_action).toBe('update');
    expect(JSON.stringify(stale.view)).toContain('Countess');
  });
});

describe('notices Slack refused', () => {
  it('are shown to admins of the top company, not to others', async () => {
    await t.db.outboxMessage.create({
      data: { destination: 'C0GONE', notice: {}, status: 'failed', lastError: 'Slack said channel_not_found' },
    });
    await t.db.outboxMessage.create({
      data: {
        workspace: 'T0OTHER',
        destination: 'C0ELSE',
        notice: {},
        status: 'failed',
        lastError: 'Slack said not_in_channel',
      },
    });
    const adminHome = JSON.stringify(await openHome(slackPersonOf(admin)));
    expect(adminHome).toContain('2 notices could not be sent');
    expect(adminHome).toContain('<#C0GONE>: Slack said channel_not_found');
    expect(adminHome).toContain('<#C0ELSE> in workspace T0OTHER: Slack said not_in_channel');
    await t.resetSlack();
    expect(JSON.stringify(await openHome(slackPersonOf(viewer)))).not.toContain('could not be sent');
  });
});

describe('notices held for a workspace without a token', () => {
  it('are counted per workspace and explained to admins of the top company, not to others', async () => {
    await t.db.slackWorkspace.create({ data: { teamId: 'T0GONE', name: 'Customer Slack' } });
    const held = (workspace: string, lastError: string) => ({
      workspace,
      destination: 'C0SOMEWHERE',
      notice: {},
      status: 'held' as const,
      lastError,
    });
    await t.db.outboxMessage.createMany({
      data: [
        held('T0GONE', 'Slack said token_revoked'),
        held('T0GONE', 'the app is not installed in the workspace'),
        held('', 'Slack said invalid_auth'),
      ],
    });
    try {
      // (No reset between the two: a restarted dispatcher would send what is held, as single mode's token works.)
      expect(JSON.stringify(await openHome(slackPersonOf(viewer)))).not.toContain('to be installed again');
      const adminHome = JSON.stringify(await openHome(slackPersonOf(admin)));
      expect(adminHome).toContain(
        '2 notices wait for workspace Customer Slack (T0GONE) to be installed again (the app is not installed in the workspace); they go as soon as it is.',
      );
      expect(adminHome).toContain(
        '1 notice waits for this deployment’s own workspace (Slack said invalid_auth): with one SLACK_BOT_TOKEN, it goes once the app runs with a working one; a direct message to someone whose workspace is not known yet goes when they first use Switchboard in Slack.',
      );
    } finally {
      await t.db.outboxMessage.deleteMany({ where: { status: 'held' } });
      await t.db.slackWorkspace.delete({ where: { teamId: 'T0GONE' } });
    }
  });
});
