import { addHours } from 'date-fns';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runDueTimers, TimerRunner } from '../../../src/features/approvals/approval-timers.ts';
import { requestAdmin } from '../../../src/features/approvals/request-admin.ts';
import type { ServiceSettings } from '../../../src/core/settings.ts';
import { seedOrganization, seedUser, slackPersonOf } from '../../support/fixtures.ts';
import { APPROVALS_CHANNEL, NOTIFY_CHANNEL, startTestApp, testConfig, type TestApp } from '../../support/harness.ts';
import { stateValues, type SlackPerson } from '../../support/slack-requests.ts';
import { waitFor } from '../../support/wait.ts';
import { captureLog } from '../../support/log-lines.ts';

type Stored = Awaited<ReturnType<typeof seedUser>>;
let t: TestApp;
let acme: { id: string };
let branch: { id: string };
let grace: Stored; // admin who asks
let hank: Stored; // admin who approves
let ivy: Stored; // another admin
let ada: Stored; // the target
let pat: Stored; // Portal Access
let olga: Stored; // admin of another company tree
let ina: Stored; // deactivated admin
const config = testConfig();
const settings: ServiceSettings = {
  notifyChannel: config.notifyChannel,
  defaultPhoneRegion: 'US',
  approvals: config.approvals,
  invitations: config.invitations,
  deviceFeeCents: config.deviceFeeCents,
};

beforeAll(async () => {
  t = await startTestApp();
  acme = await seedOrganization(t.db, 'Acme');
  branch = await seedOrganization(t.db, 'Branch', acme.id);
  const other = await seedOrganization(t.db, 'Other');
  grace = await seedUser(t.db, acme.id, { admin: true, firstName: 'Grace', lastName: 'Hopper' });
  hank = await seedUser(t.db, acme.id, { admin: true, firstName: 'Hank', lastName: 'Approver' });
  ivy = await seedUser(t.db, acme.id, { admin: true, firstName: 'Ivy', lastName: 'Second' });
  pat = await seedUser(t.db, acme.id, { portalAccess: true, firstName: 'Pat', lastName: 'Viewer' });
  olga = await seedUser(t.db, other.id, { admin: true });
  ina = await seedUser(t.db, acme.id, { admin: true, active: false });
});
afterAll(() => t.stop());
beforeEach(async () => {
  await t.db.adminRequest.deleteMany();
  await t.db.adminGrant.deleteMany();
  await t.db.user.deleteMany({ where: { email: { startsWith: 'ada' } } });
  ada = await seedUser(t.db, branch.id, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.example' });
  await t.db.user.updateMany({ where: { id: { in: [pat.id] } }, data: { admin: false } });
  await t.db.outboxMessage.deleteMany();
  await t.db.auditEvent.deleteMany();
  await t.resetSlack();
});

/** Asks through /grantadmin and the modal, as Grace by default. */
async function grantRequest(text: string, as: Stored = grace, reason?: string) {
  const opened = t.slack.callsTo('views.open').length;
  await t.command(slackPersonOf(as), '/grantadmin', text);
  const open = await waitFor(() => t.slack.callsTo('views.open')[opened]);
  const view = open.args.view;
  const initial = (block: string) => view.blocks.find((b: any) => b.block_id === block)?.element.initial_value;
  return t.submitView(slackPersonOf(as), {
    callbackId: 'request_admin',
    privateMetadata: view.private_metadata,
    values: stateValues({ reason: reason ?? initial('reason'), duration: initial('duration') }),
  });
}
const requestMessage = () => waitFor(() => t.slack.messagesIn(APPROVALS_CHANNEL).find((m) => !m.thread_ts));
const threadTexts = () =>
  t.slack
    .messagesIn(APPROVALS_CHANNEL)
    .filter((m) => m.thread_ts)
    .map((m) => m.text as string);
const click = (as: SlackPerson, action: string, value: string) =>
  t.click(as, { type: 'button', action_id: action, value });
const pendingId = async () => (await t.db.adminRequest.findFirstOrThrow({ where: { targetId: ada.id } })).id;
const decisions = () => t.db.adminDecision.count();

describe('requesting admin rights', () => {
  it('opens the form from /grantadmin with the duration and reason filled in, and posts the request for approvers', async () => {
    const response = await grantRequest('ada@acme.example for 8 hours on call this week');
    const body = await response.json();
    expect(JSON.stringify(body.view)).toContain('Approvers decide in Slack (1 approval needed)');
    const message = await requestMessage();
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('Ada Lovelace (ada@acme.example) of Branch');
    expect(text).toContain('for 8 hours');
    expect(text).toContain('on call this week');
    expect(text).toContain('Approvals: 0 of 1');
    expect(text).toContain('admin_approve');
    expect(message.text).toContain(`by <@${grace.slackUserId}>`);
  });

  it('takes a @mention as the target', async () => {
    await grantRequest(`<@${ada.slackUserId}|ada> on call`);
    expect((await t.db.adminRequest.findFirstOrThrow()).targetId).toBe(ada.id);
  });

  it.each([
    ['', 'Usage: `/grantadmin'],
    ['bogus', '“bogus” is neither an email nor a @mention'],
  ])('explains /grantadmin %j', async (text, message) => {
    expect((await (await t.command(slackPersonOf(grace), '/grantadmin', text)).json()).text).toContain(message);
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
  });

  it.each([
    ['an empty reason', 'ada@acme.example', '   ', 'reason', 'Say why'],
    ['a duration that is not one', 'ada@acme.example for ever and ever', undefined, 'duration', 'is not a duration'],
  ])('shows an inline error for %s and asks nothing', async (_case, text, reason, block, message) => {
    const body = await (await grantRequest(text, grace, reason)).json();
    expect(body.errors[block]).toContain(message);
    expect(await t.db.adminRequest.count()).toBe(0);
  });

  it.each([
    ['an unknown email', 'nobody@acme.example', 'no such user in your companies'],
    ['a user of another company tree', 'OLGA', 'no such user in your companies'],
    ['someone who already is an admin', 'HANK', 'already is an admin'],
  ])('refuses %s at the command, before any form opens', async (_case, who, message) => {
    const email = who === 'OLGA' ? olga.email : who === 'HANK' ? hank.email : who;
    const body = await (await t.command(slackPersonOf(grace), '/grantadmin', `${email} because`)).json();
    expect(body.text).toContain(message);
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
    expect(await t.db.adminRequest.count()).toBe(0);
  });

  it('refuses at once, saying why, a request no one else could approve (a lone admin), and files nothing', async () => {
    const other = await t.db.organization.findFirstOrThrow({ where: { name: 'Other' } });
    const newcomer = await seedUser(t.db, other.id, { email: 'lone-target@other.example' });
    try {
      const body = await (
        await t.command(slackPersonOf(olga), '/grantadmin', 'lone-target@other.example needs it')
      ).json();
      expect(body.text).toContain('No one else can approve');
      expect(body.text).toContain('switchboard users grant-admin lone-target@other.example --reason');
      expect(t.slack.callsTo('views.open')).toHaveLength(0);
      expect(await t.db.adminRequest.count()).toBe(0);
    } finally {
      await t.db.user.delete({ where: { id: newcomer.id } });
    }
  });

  it('refuses a second request while one is pending, naming it — at the command, and at submit if it came meanwhile', async () => {
    const opened = t.slack.callsTo('views.open').length;
    await t.command(slackPersonOf(ivy), '/grantadmin', 'ada@acme.example second one');
    const view = (await waitFor(() => t.slack.callsTo('views.open')[opened])).args.view;
    await grantRequest('ada@acme.example first one');
    const atCommand = await (await t.command(slackPersonOf(hank), '/grantadmin', 'ada@acme.example third')).json();
    expect(atCommand.text).toContain('already waiting for approval');
    const atSubmit = await t.submitView(slackPersonOf(ivy), {
      callbackId: 'request_admin',
      privateMetadata: view.private_metadata,
      values: stateValues({ reason: 'second one', duration: '' }),
    });
    const body = await atSubmit.json();
    expect(JSON.stringify(body.view)).toContain('already waiting for approval');
    expect(JSON.stringify(body.view)).toContain('first one');
    expect(await t.db.adminRequest.count()).toBe(1);
  });

  it('lets any active user ask for themselves with /requestadmin, and not for others with /grantadmin', async () => {
    await t.command(slackPersonOf(pat), '/requestadmin', 'for 2 days audit season');
    const view = (await waitFor(() => t.slack.callsTo('views.open')[0])).args.view;
    const submitted = await t.submitView(slackPersonOf(pat), {
      callbackId: 'request_admin',
      privateMetadata: view.private_metadata,
      values: stateValues({ reason: 'audit season', duration: '2 days' }),
    });
    expect(JSON.stringify((await submitted.json()).view)).toContain('were requested');
    expect(await t.db.adminRequest.findFirstOrThrow({ where: { targetId: pat.id } })).toMatchObject({
      grantMinutes: 2880,
    });
    const body = await (await t.command(slackPersonOf(pat), '/grantadmin', 'ada@acme.example please')).json();
    expect(body.text).toContain('needs the Admin privilege');
  });
});

describe('deciding', () => {
  it('grants on approval: message updated, thread reply, both told, time-bound grant recorded', async () => {
    await grantRequest('ada@acme.example for 8 hours on call');
    const id = await pendingId();
    const answer = await click(slackPersonOf(hank), 'admin_approve', id);
    expect(answer.text).toBe('You approved; Ada Lovelace is now an admin.');
    expect((await t.db.user.findUniqueOrThrow({ where: { id: ada.id } })).admin).toBe(true);
    const grant = await t.db.adminGrant.findFirstOrThrow({ where: { userId: ada.id } });
    expect(grant.endsAt.getTime() - Date.now()).toBeGreaterThan(7.9 * 3600_000);
    await waitFor(async () => (await requestMessage()).edited);
    const message = await requestMessage();
    // The approver is named as the request names the requester: a mention.
    expect(message.text).toContain(`by <@${grace.slackUserId}>`);
    expect(JSON.stringify(message.blocks)).toContain(`*Approved* by <@${hank.slackUserId}>`);
    expect(JSON.stringify(message.blocks)).not.toContain('admin_approve');
    await waitFor(() => threadTexts().some((text) => text.startsWith(`Approved by <@${hank.slackUserId}> (1 of 1)`)));
    const toGrace = await waitFor(() => t.slack.messagesIn(grace.slackUserId!)[0]);
    expect(toGrace.text).toContain(`was approved by <@${hank.slackUserId}>`);
    const toAda = await waitFor(() => t.slack.messagesIn(ada.slackUserId!)[0]);
    expect(toAda.text).toContain('You are now a Switchboard admin for 8 hours');
    const actions = (await t.db.auditEvent.findMany({ orderBy: { id: 'asc' } })).map((e) => e.action);
    expect(actions).toEqual(['admin_request.created', 'user.admin_granted', 'admin_request.approved']);
  });

  it('refuses approvers the policy excludes, and changes nothing', async () => {
    await grantRequest('ada@acme.example on call');
    const id = await pendingId();
    const cases: [Stored, string][] = [
      [grace, 'You asked for this'],
      [ada, 'needs the Admin privilege'],
      [olga, 'Only admins of Branch or a company above it'],
      [ina, 'is deactivated'],
      [pat, 'needs the Admin privilege'],
    ];
    for (const [who, message] of cases) {
      expect((await click(slackPersonOf(who), 'admin_approve', id)).text).toContain(message);
    }
    expect(await decisions()).toBe(0);
    expect((await t.db.adminRequest.findUniqueOrThrow({ where: { id } })).status).toBe('pending');
  });

  it('refuses approving for someone deactivated meanwhile', async () => {
    await grantRequest('ada@acme.example on call');
    await t.db.user.update({ where: { id: ada.id }, data: { active: false } });
    expect((await click(slackPersonOf(hank), 'admin_approve', await pendingId())).text).toContain(
      'was deactivated meanwhile',
    );
    expect(await decisions()).toBe(0);
  });

  it('refuses approving a request for yourself', async () => {
    await t.db.user.update({ where: { id: ivy.id }, data: { admin: false } });
    const { id } = await requestAdmin(
      t.db,
      settings,
      { userId: grace.id },
      { target: { userId: ivy.id }, reason: 'x' },
    );
    await t.db.user.update({ where: { id: ivy.id }, data: { admin: true } });
    expect((await click(slackPersonOf(ivy), 'admin_approve', id)).text).toContain(
      'Nobody decides on admin rights for themselves',
    );
  });

  it('needs the configured number of different approvers', async () => {
    const twoNeeded = { ...settings, approvals: { ...settings.approvals, required: 2 } };
    const { id } = await requestAdmin(
      t.db,
      twoNeeded,
      { userId: grace.id },
      { target: { userId: ada.id }, reason: 'two' },
    );
    expect((await click(slackPersonOf(hank), 'admin_approve', id)).text).toContain('1 of 2');
    expect((await click(slackPersonOf(hank), 'admin_approve', id)).text).toContain('already decided');
    expect((await t.db.user.findUniqueOrThrow({ where: { id: ada.id } })).admin).toBe(false);
    expect((await click(slackPersonOf(ivy), 'admin_approve', id)).text).toContain('is now an admin');
    expect((await t.db.user.findUniqueOrThrow({ where: { id: ada.id } })).admin).toBe(true);
  });

  it('produces exactly one grant and one outcome when two approvers click at once', async () => {
    await grantRequest('ada@acme.example race');
    const id = await pendingId();
    const answers = await Promise.all([
      click(slackPersonOf(hank), 'admin_approve', id),
      click(slackPersonOf(ivy), 'admin_approve', id),
    ]);
    expect(answers.filter((a) => a.text.includes('is now an admin'))).toHaveLength(1);
    expect(answers.filter((a) => a.text.includes('already approved'))).toHaveLength(1);
    expect(await decisions()).toBe(1);
    expect(await t.db.auditEvent.count({ where: { action: 'user.admin_granted' } })).toBe(1);
    expect(await t.db.outboxMessage.count({ where: { revisesKey: `admin_request:${id}` } })).toBe(1);
  });

  it('counts a double click once', async () => {
    await grantRequest('ada@acme.example double');
    const id = await pendingId();
    await Promise.all([
      click(slackPersonOf(hank), 'admin_approve', id),
      click(slackPersonOf(hank), 'admin_approve', id),
    ]);
    expect(await decisions()).toBe(1);
  });

  it('denies with a comment: message, thread and both told; nothing granted', async () => {
    await grantRequest('ada@acme.example please');
    const id = await pendingId();
    await t.press(slackPersonOf(hank), { type: 'button', action_id: 'admin_deny', value: id });
    const modal = (
      await waitFor(() => t.slack.callsTo('views.open').find((call) => call.args.view.callback_id === 'deny_admin'))
    ).args.view;
    const body = await (
      await t.submitView(slackPersonOf(hank), {
        callbackId: 'deny_admin',
        privateMetadata: modal.private_metadata,
        values: stateValues({ comment: 'Not <!here>' }),
      })
    ).json();
    expect(JSON.stringify(body.view)).toContain('You denied admin rights for Ada Lovelace');
    expect((await t.db.user.findUniqueOrThrow({ where: { id: ada.id } })).admin).toBe(false);
    await waitFor(async () => JSON.stringify((await requestMessage()).blocks).includes('*Denied*'));
    expect(JSON.stringify((await requestMessage()).blocks)).toContain('Not &lt;!here&gt;');
    expect(JSON.stringify((await requestMessage()).blocks)).toContain(`*Denied* by <@${hank.slackUserId}>`);
    await waitFor(() => threadTexts().some((text) => text.startsWith(`Denied by <@${hank.slackUserId}>`)));
    await waitFor(() =>
      t.slack.messagesIn(grace.slackUserId!).some((m) => m.text.includes(`was denied by <@${hank.slackUserId}>`)),
    );
    expect((await click(slackPersonOf(ivy), 'admin_approve', id)).text).toContain('already denied');
  });
});

describe('/approvals, cancel and grants', () => {
  it('lists what an approver may decide and what the requester asked', async () => {
    await grantRequest('ada@acme.example listing');
    const forHank = JSON.stringify((await (await t.command(slackPersonOf(hank), '/approvals')).json()).blocks);
    expect(forHank).toContain('To decide (1)');
    expect(forHank).toContain('Ada Lovelace (ada@acme.example)');
    // The requester is named as the request's message names them.
    expect(forHank).toContain(`Asked by <@${grace.slackUserId}>:`);
    const forGrace = JSON.stringify((await (await t.command(slackPersonOf(grace), '/approvals')).json()).blocks);
    expect(forGrace).toContain('To decide (0)');
    expect(forGrace).toContain('admin_cancel');
  });

  it('lets the requester cancel a pending request, and nobody else', async () => {
    await grantRequest('ada@acme.example cancel me');
    const id = await pendingId();
    expect((await click(slackPersonOf(hank), 'admin_cancel', id)).text).toContain('Only the person who asked');
    expect((await click(slackPersonOf(grace), 'admin_cancel', id)).text).toContain('was cancelled');
    expect((await t.db.adminRequest.findUniqueOrThrow({ where: { id } })).status).toBe('cancelled');
    await waitFor(async () => JSON.stringify((await requestMessage()).blocks).includes('*Cancelled*'));
  });

  it('lets a person see and end their time-bound grant', async () => {
    await seedUser(t.db, branch.id, { admin: true, email: 'ada.colleague@acme.example' });
    await grantRequest('ada@acme.example for 1 day launch week');
    await click(slackPersonOf(hank), 'admin_approve', await pendingId());
    const list = await (await t.command(slackPersonOf(ada), '/approvals')).json();
    const end = list.blocks.find((b: any) => b.accessory?.action_id === 'admin_end_grant').accessory;
    expect((await click(slackPersonOf(ada), 'admin_end_grant', end.value)).text).toBe('Your admin rights have ended.');
    expect((await t.db.user.findUniqueOrThrow({ where: { id: ada.id } })).admin).toBe(false);
  });

  it('offers Request admin rights on a non-admin’s card', async () => {
    const card = await (await t.command(slackPersonOf(grace), '/users', ada.email)).json();
    const button = card.blocks
      .flatMap((b: any) => b.elements ?? [])
      .find((e: any) => e.action_id === 'user_request_admin');
    await t.press(slackPersonOf(grace), { type: 'button', action_id: 'user_request_admin', value: button.value });
    const view = (await waitFor(() => t.slack.callsTo('views.open')[0])).args.view;
    expect(view.callback_id).toBe('request_admin');
    expect(JSON.parse(view.private_metadata)).toEqual({ userId: ada.id });
  });
});

describe('timers (a controllable clock; durable rows)', () => {
  it('fire on their own in a running app, for what fell due while it was down', async () => {
    const longAgo = addHours(new Date(), -100);
    const { id } = await requestAdmin(
      t.db,
      settings,
      { userId: grace.id },
      { target: { userId: ada.id }, reason: 'old' },
      longAgo,
    );
    const runner = new TimerRunner(t.db, settings, captureLog().logger, 20);
    runner.start();
    try {
      await waitFor(async () => (await t.db.adminRequest.findUniqueOrThrow({ where: { id } })).status === 'expired');
    } finally {
      await runner.stop();
    }
  });

  it('reminds at half-time and expires at the end, once even with two instances', async () => {
    const start = new Date();
    const { id } = await requestAdmin(
      t.db,
      settings,
      { userId: grace.id },
      { target: { userId: ada.id }, reason: 'slow' },
      start,
    );
    expect(await runDueTimers(t.db, settings, addHours(start, 1))).toEqual({ reminded: 0, expired: 0, grantsEnded: 0 });
    const runs = await Promise.all([
      runDueTimers(t.db, settings, addHours(start, 37)),
      runDueTimers(t.db, settings, addHours(start, 37)),
    ]);
    expect(runs.reduce((sum, run) => sum + run.reminded, 0)).toBe(1);
    await waitFor(() => threadTexts().some((text) => text.startsWith('Reminder: this still needs 1 more approval')));
    const ends = await Promise.all([
      runDueTimers(t.db, settings, addHours(start, 73)),
      runDueTimers(t.db, settings, addHours(start, 73)),
    ]);
    expect(ends.reduce((sum, run) => sum + run.expired, 0)).toBe(1);
    expect((await t.db.adminRequest.findUniqueOrThrow({ where: { id } })).status).toBe('expired');
    await waitFor(async () => JSON.stringify((await requestMessage()).blocks).includes('*Expired*'));
    await waitFor(() =>
      t.slack.messagesIn(grace.slackUserId!).some((m) => m.text.includes('expired without enough approvals')),
    );
    expect((await click(slackPersonOf(hank), 'admin_approve', id)).text).toContain('already expired');
  });

  it('ends a time-bound grant when due, announced and told', async () => {
    await seedUser(t.db, branch.id, { admin: true, email: 'ada.colleague@acme.example' });
    await grantRequest('ada@acme.example for 8 hours on call');
    await click(slackPersonOf(hank), 'admin_approve', await pendingId());
    expect((await runDueTimers(t.db, settings, addHours(new Date(), 9))).grantsEnded).toBe(1);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: ada.id } })).admin).toBe(false);
    await waitFor(() =>
      t.slack.messagesIn(NOTIFY_CHANNEL).some((m) => m.text.includes('time-bound admin rights of Ada Lovelace')),
    );
    await waitFor(() =>
      t.slack
        .messagesIn(ada.slackUserId!)
        .some((m) => m.text.includes('Your time-bound Switchboard admin rights ended')),
    );
  });

  it('keeps admin when the grant’s end would leave the company without an active admin, and says why', async () => {
    await grantRequest('ada@acme.example for 8 hours on call');
    await click(slackPersonOf(hank), 'admin_approve', await pendingId());
    // Ada is Branch's only admin.
    expect((await runDueTimers(t.db, settings, addHours(new Date(), 9))).grantsEnded).toBe(1);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: ada.id } })).admin).toBe(true);
    await waitFor(() => t.slack.messagesIn(NOTIFY_CHANNEL).some((m) => m.text.includes('last active admin of Branch')));
  });
});
