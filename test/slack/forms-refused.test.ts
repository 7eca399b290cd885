import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { requestAdmin } from '../../src/features/approvals/request-admin.ts';
import { seedOrganization, seedUser, slackPersonOf, STRANGER, tableCounts } from '../support/fixtures.ts';
import { startTestApp, type TestApp } from '../support/harness.ts';
import { waitFor } from '../support/wait.ts';

// A form opens only for someone who may submit it; otherwise the command or the click says why.
// When Slack does not open a form, the person is told the truth and the log holds Slack's reason.

type Stored = Awaited<ReturnType<typeof seedUser>>;
let t: TestApp;
let grace: Stored; // admin
let hank: Stored; // another admin of Acme
let amy: Stored; // Active only
let pat: Stored; // Portal Access
let olga: Stored; // admin of another company
let ina: Stored; // deactivated
let ada: Stored; // the target of requests
let acmeId: string;

beforeAll(async () => {
  t = await startTestApp();
  const acme = await seedOrganization(t.db, 'Acme');
  acmeId = acme.id;
  const other = await seedOrganization(t.db, 'Other');
  grace = await seedUser(t.db, acme.id, { admin: true, firstName: 'Grace', lastName: 'Hopper' });
  hank = await seedUser(t.db, acme.id, { admin: true, firstName: 'Hank', lastName: 'Approver' });
  amy = await seedUser(t.db, acme.id, { firstName: 'Amy', lastName: 'Active' });
  pat = await seedUser(t.db, acme.id, { portalAccess: true, firstName: 'Pat', lastName: 'Viewer' });
  olga = await seedUser(t.db, other.id, { admin: true });
  ina = await seedUser(t.db, acme.id, { active: false, firstName: 'Ina', lastName: 'Inactive' });
  ada = await seedUser(t.db, acme.id, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.example' });
});
afterAll(() => t.stop());
beforeEach(async () => {
  await t.db.adminRequest.deleteMany();
  await t.resetSlack();
});

const settings = () => ({
  notifyChannel: t.config.notifyChannel,
  defaultPhoneRegion: 'US',
  approvals: t.config.approvals,
  invitations: t.config.invitations,
  deviceFeeCents: t.config.deviceFeeCents,
});
const cardValue = (user: Stored) => JSON.stringify({ id: user.id, v: user.version });
const formsOpened = () => t.slack.callsTo('views.open').length;

/** What the command answered: its ack, or (after the ack) what it posted to the response_url. */
async function commandAnswer(who: { userId: string; teamId: string }, command: string, text = '') {
  const ack = await t.command(who, command, text);
  const body = await ack.text();
  if (body) return JSON.parse(body).text as string;
  return (await waitFor(() => t.slack.responses.at(-1))).body.text as string;
}

describe('forms open only for people who may submit them', () => {
  it('/requestadmin: refused at the command for an unlinked Slack user and for a deactivated user', async () => {
    const before = await tableCounts(t.db);
    expect(await commandAnswer(STRANGER, '/requestadmin')).toMatch(/not linked to a Switchboard user/);
    expect(await commandAnswer(slackPersonOf(ina), '/requestadmin')).toMatch(/is deactivated/);
    expect(formsOpened()).toBe(0);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('/requestadmin: an active user gets the form; an admin is told they already are one', async () => {
    await t.command(slackPersonOf(amy), '/requestadmin');
    await waitFor(() => formsOpened() === 1);
    expect(await commandAnswer(slackPersonOf(grace), '/requestadmin')).toMatch(/already is an admin/);
    expect(formsOpened()).toBe(1);
  });

  it('/grantadmin: refused at the command for someone without the Admin privilege, and for an unknown email', async () => {
    expect(await commandAnswer(slackPersonOf(pat), '/grantadmin', 'ada@acme.example')).toMatch(
      /needs the Admin privilege/,
    );
    expect(await commandAnswer(slackPersonOf(amy), '/grantadmin', 'ada@acme.example')).toMatch(
      /needs the Admin privilege/,
    );
    expect(await commandAnswer(slackPersonOf(grace), '/grantadmin', 'nobody@acme.example')).toMatch(
      /no such user in your companies/,
    );
    expect(formsOpened()).toBe(0);
  });

  it('Deny opens the comment form only for an eligible approver; everyone else is told why', async () => {
    const request = await requestAdmin(
      t.db,
      settings(),
      { userId: grace.id },
      { target: { userId: ada.id }, reason: 'on call' },
    );
    const deny = { type: 'button' as const, action_id: 'admin_deny', value: request.id };
    const refusals: [{ userId: string; teamId: string }, RegExp][] = [
      [STRANGER, /not linked/],
      [slackPersonOf(amy), /needs the Admin privilege/],
      [slackPersonOf(pat), /needs the Admin privilege/],
      [slackPersonOf(olga), /Only admins of Acme/],
      [slackPersonOf(grace), /You asked for this/],
    ];
    for (const [who, why] of refusals) expect((await t.click(who, deny)).text).toMatch(why);
    expect(formsOpened()).toBe(0);
    await t.press(slackPersonOf(hank), deny);
    const opened = await waitFor(() => t.slack.callsTo('views.open')[0]);
    expect(opened.args.view.callback_id).toBe('deny_admin');
  });

  it('card buttons Request admin rights, Assign number and Rename company: refused for Portal Access', async () => {
    const viewer = slackPersonOf(pat);
    expect(
      (await t.click(viewer, { type: 'button', action_id: 'user_request_admin', value: cardValue(ada) })).text,
    ).toMatch(/needs the Admin privilege/);
    expect(
      (await t.click(viewer, { type: 'button', action_id: 'user_assign_number', value: cardValue(ada) })).text,
    ).toMatch(/needs the Admin privilege/);
    expect(
      (
        await t.click(viewer, {
          type: 'static_select',
          action_id: 'customer_rename',
          selected_option: { value: acmeId },
        })
      ).text,
    ).toMatch(/needs the Admin privilege/);
    expect(formsOpened()).toBe(0);
  });
});

describe('when Slack does not open a form', () => {
  it('says Slack refused it (not "too slow") and logs Slack’s error and messages', async () => {
    t.log.lines.length = 0;
    t.slack.failNext('views.open', {
      kind: 'platformError',
      error: 'invalid_arguments',
      messages: [
        '[ERROR] must be less than 76 characters [json-pointer:/view/blocks/9/element/options/1/description/text]',
      ],
    });
    const answer = await commandAnswer(slackPersonOf(grace), '/adduser');
    expect(answer).toBe('Slack refused this form; the error was logged. Please tell whoever runs Switchboard.');
    const lines = t.log.text();
    expect(lines).toContain('invalid_arguments');
    expect(lines).toContain('json-pointer:/view/blocks/9/element/options/1/description/text');
  });

  it('says "in time" only when the trigger really expired', async () => {
    t.slack.failNext('views.open', { kind: 'platformError', error: 'expired_trigger_id' });
    expect(await commandAnswer(slackPersonOf(grace), '/adduser')).toBe(
      'Slack did not open the form in time. Please run `/adduser` again.',
    );
  });

  it.each([
    ['/grantadmin', 'ada@acme.example'],
    ['/requestadmin', ''],
  ])('%s says so too', async (command, text) => {
    t.slack.failNext('views.open', { kind: 'platformError', error: 'invalid_arguments' });
    const who = command === '/grantadmin' ? grace : amy;
    expect(await commandAnswer(slackPersonOf(who), command, text)).toMatch(/^Slack refused this form/);
  });

  it('a click that opens a form says so too', async () => {
    t.slack.failNext('views.open', { kind: 'platformError', error: 'invalid_arguments' });
    const answer = await t.click(slackPersonOf(grace), {
      type: 'button',
      action_id: 'user_edit',
      value: cardValue(ada),
    });
    expect(answer.text).toMatch(/^Slack refused this form/);
  });
});
