import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../../../src/core/passwords.ts';
import { addUserValues, validAda, type AddUserFields } from '../../../support/add-user-form.ts';
import { seedOrganization, seedUser, slackPersonOf, STRANGER, tableCounts } from '../../../support/fixtures.ts';
import {
  APPROVALS_CHANNEL,
  NOTIFY_CHANNEL,
  resetToAdmin,
  startTestApp,
  type TestApp,
} from '../../../support/harness.ts';
import { interactionBody, viewSubmissionPayload } from '../../../support/slack-requests.ts';
import { waitFor } from '../../../support/wait.ts';

let t: TestApp;
let reseller: { id: string };
let customer: { id: string };
let otherCompany: { id: string };
let admin: Awaited<ReturnType<typeof seedUser>>;

beforeAll(async () => {
  t = await startTestApp();
  reseller = await seedOrganization(t.db, 'Reseller');
  customer = await seedOrganization(t.db, 'Customer', reseller.id);
  await seedOrganization(t.db, 'Branch', customer.id);
  otherCompany = await seedOrganization(t.db, 'Elsewhere Inc');
  admin = await seedUser(t.db, reseller.id, { admin: true, firstName: 'Grace', lastName: 'Hopper' });
});

afterAll(() => t.stop());

// Each test starts with no users but the seeded admin, and no notices.
beforeEach(() => resetToAdmin(t, admin));

const submitAddUser = (fields: AddUserFields, as = slackPersonOf(admin)) =>
  t.submitView(as, { callbackId: 'add_user', values: addUserValues(fields) });

describe('/adduser opens the form', () => {
  it('opens the Add user modal for an active admin, with every Sangoma field', async () => {
    const response = await t.command(slackPersonOf(admin), '/adduser');
    expect(response.status).toBe(200);
    const open = await waitFor(() => t.slack.callsTo('views.open')[0]);
    const view = open.args.view;
    expect(view.callback_id).toBe('add_user');
    expect(view.blocks.map((block: any) => block.block_id)).toEqual([
      'email',
      'passwordChoice',
      'password',
      'passwordConfirmation',
      'firstName',
      'lastName',
      'title',
      'officePhone',
      'mobilePhone',
      'faxPhone',
      'organizationId',
      'privileges',
      'slackUser',
      'noSlackLink',
    ]);
    const privileges = view.blocks.find((block: any) => block.block_id === 'privileges').element;
    expect(privileges.options.map((o: any) => o.text.text)).toEqual(['Active', 'Admin', 'Portal Access']);
    expect(privileges.options.every((o: any) => o.description.text.length > 10)).toBe(true);
    expect(privileges.initial_options.map((o: any) => o.value)).toEqual(['active']);
  });

  it('offers the admin’s company and its customers at any depth, not other companies', async () => {
    await t.command(slackPersonOf(admin), '/adduser');
    const open = await waitFor(() => t.slack.callsTo('views.open')[0]);
    const picker = open.args.view.blocks.find((b: any) => b.block_id === 'organizationId').element;
    expect(picker.type).toBe('static_select');
    expect(picker.options.map((o: any) => o.text.text)).toEqual([
      'Reseller',
      'Reseller › Customer',
      'Reseller › Customer › Branch',
    ]);
    expect(picker.initial_option.value).toBe(reseller.id);
  });

  it('pre-fills the email given after the command', async () => {
    await t.command(slackPersonOf(admin), '/adduser', '  Someone@Example.com ');
    const open = await waitFor(() => t.slack.callsTo('views.open')[0]);
    const email = open.args.view.blocks[0].element;
    expect(email.initial_value).toBe('someone@example.com');
  });

  it('says how to use it when the argument is not an email, and opens nothing', async () => {
    const response = await t.command(slackPersonOf(admin), '/adduser', 'bob <!channel>');
    const body = await response.json();
    expect(body.text).toContain('is not an email address');
    expect(body.text).toContain('bob &lt;!channel&gt;');
    expect(body.text).toContain('Usage: `/adduser`');
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
  });

  it.each([
    ['a Slack user with no Switchboard user', async () => STRANGER, 'not linked to a Switchboard user'],
    [
      'a deactivated admin',
      async () => slackPersonOf(await seedUser(t.db, reseller.id, { admin: true, active: false })),
      'is deactivated. Ask an admin of Reseller',
    ],
    [
      'a Portal Access user',
      async () => slackPersonOf(await seedUser(t.db, reseller.id, { portalAccess: true })),
      'needs the Admin privilege',
    ],
  ])('tells %s why not, and opens no form', async (_who, person, message) => {
    const asker = await person();
    const before = await tableCounts(t.db);
    const response = await t.command(asker, '/adduser');
    expect(response.status).toBe(200);
    expect((await response.json()).text).toContain(message);
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
    expect(await tableCounts(t.db)).toEqual(before);
  });
});

describe('submitting the form', () => {
  it('creates the user, audits it, and announces it — never the password', async () => {
    const response = await submitAddUser(validAda(customer.id));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');

    const user = await t.db.user.findUniqueOrThrow({ where: { email: 'ada.lovelace@example.com' } });
    expect(user).toMatchObject({
      firstName: 'Ada',
      lastName: 'Lovelace',
      title: 'Engineer',
      officePhone: '+14155550100',
      mobilePhone: '+442079460958',
      faxPhone: null,
      organizationId: customer.id,
      active: true,
      admin: false,
      portalAccess: true,
    });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(user.passwordHash!, 'analytical-engine')).toBe(true);

    const [audit] = await t.db.auditEvent.findMany();
    expect(audit).toMatchObject({ action: 'user.created', actorId: admin.id, targetId: user.id });
    expect(JSON.stringify(audit, (_key, value) => (typeof value === 'bigint' ? String(value) : value))).not.toContain(
      'analytical-engine',
    );

    const announcement = await waitFor(() => t.slack.messagesIn(NOTIFY_CHANNEL)[0]);
    expect(announcement.text).toBe(
      `Ada Lovelace (ada.lovelace@example.com) was added to Customer by <@${admin.slackUserId}>`,
    );
    expect(JSON.stringify(announcement.blocks)).toContain('Privileges: Active, Portal Access');
    const confirmation = await waitFor(() => t.slack.messagesIn(admin.slackUserId!)[0]);
    expect(confirmation.text).toMatch(
      /^You added Ada Lovelace \(ada\.lovelace@example\.com\) to Customer\. No Slack account/,
    );
    expect(JSON.stringify(t.slack.calls)).not.toContain('analytical-engine');
  });

  it('adds the user without Admin when a lone admin ticks it, and files no request nobody could approve', async () => {
    const response = await submitAddUser({ ...validAda(customer.id), privileges: ['active', 'admin'] });
    expect(await response.text()).toBe('');
    const user = await t.db.user.findUniqueOrThrow({ where: { email: 'ada.lovelace@example.com' } });
    expect(user.admin).toBe(false);
    expect(await t.db.adminRequest.count()).toBe(0);
    const confirmation = await waitFor(() => t.slack.messagesIn(admin.slackUserId!)[0]);
    expect(confirmation.text).toContain('Admin rights were not requested: no one else can approve them yet');
    expect(confirmation.text).toContain('switchboard users grant-admin ada.lovelace@example.com --reason');
  });

  it('creates a user with Admin ticked without admin rights, and asks the approvers', async () => {
    await seedUser(t.db, reseller.id, { admin: true, firstName: 'Hank', lastName: 'Approver' });
    const response = await submitAddUser({ ...validAda(customer.id), privileges: ['active', 'admin'] });
    expect(await response.text()).toBe('');
    const user = await t.db.user.findUniqueOrThrow({ where: { email: 'ada.lovelace@example.com' } });
    expect(user.admin).toBe(false);
    const request = await t.db.adminRequest.findFirstOrThrow({ where: { targetId: user.id } });
    expect(request).toMatchObject({ status: 'pending', requesterId: admin.id });
    const approvals = await waitFor(() => t.slack.messagesIn(APPROVALS_CHANNEL)[0]);
    expect(approvals.text).toContain('Admin rights requested for Ada Lovelace');
    const announcement = await waitFor(() => t.slack.messagesIn(NOTIFY_CHANNEL)[0]);
    expect(JSON.stringify(announcement.blocks)).toContain('Admin: awaiting approval');
  });

  it('escapes names so a user called <!channel> pings nobody', async () => {
    await submitAddUser({ ...validAda(customer.id), firstName: '<!channel>', lastName: '<@U999> & co' });
    const announcement = await waitFor(() => t.slack.messagesIn(NOTIFY_CHANNEL)[0]);
    expect(announcement.text).toContain('&lt;!channel&gt; &lt;@U999&gt; &amp; co (ada.lovelace@example.com)');
    expect(JSON.stringify(announcement.blocks)).not.toContain('<!channel>');
  });

  const invalidCases: [string, (f: AddUserFields) => AddUserFields, string, string][] = [
    [
      'a malformed email',
      (f) => ({ ...f, email: 'ada@' }),
      'email',
      'Enter an email address such as name@example.com.',
    ],
    [
      'a short password',
      (f) => ({ ...f, password: 'abc12', passwordConfirmation: 'abc12' }),
      'password',
      'at least 6 characters',
    ],
    [
      'passwords that differ',
      (f) => ({ ...f, passwordConfirmation: 'analytical-engine!' }),
      'passwordConfirmation',
      'not the same',
    ],
    ['an invalid phone number', (f) => ({ ...f, faxPhone: '12' }), 'faxPhone', '“12” is not a valid phone number'],
    ['an empty first name', (f) => ({ ...f, firstName: '   ' }), 'firstName', 'Enter the first name.'],
    ['an empty last name', (f) => ({ ...f, lastName: '' }), 'lastName', 'Enter the last name.'],
    [
      'a company outside the admin’s scope',
      (f) => ({ ...f, organizationId: otherCompany.id }),
      'organizationId',
      'Reseller and its customer companies only',
    ],
    [
      'a company id that is not one',
      (f) => ({ ...f, organizationId: 'not-a-company' }),
      'organizationId',
      'Choose a company.',
    ],
  ];

  it.each(invalidCases)('shows an inline error for %s and writes nothing', async (_case, change, block, message) => {
    const before = await tableCounts(t.db);
    const response = await submitAddUser(change(validAda(customer.id)));
    const body = await response.json();
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual([block]);
    expect(body.errors[block]).toContain(message);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('shows every mistake at once, each on its own field', async () => {
    const response = await submitAddUser({
      organizationId: customer.id,
      email: 'nope',
      password: '123',
      firstName: '',
      lastName: 'X',
      officePhone: 'call me',
    });
    const body = await response.json();
    expect(Object.keys(body.errors).sort()).toEqual(['email', 'firstName', 'officePhone', 'password']);
  });

  it('refuses an email already used, whatever its case', async () => {
    await seedUser(t.db, customer.id, { email: 'ada.lovelace@example.com' });
    const before = await tableCounts(t.db);
    const body = await (await submitAddUser({ ...validAda(customer.id), email: 'ADA.LOVELACE@example.COM' })).json();
    expect(body.errors).toEqual({ email: expect.stringContaining('already used') });
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('creates one user when the same form is submitted twice at once (double click)', async () => {
    const responses = await Promise.all([submitAddUser(validAda(customer.id)), submitAddUser(validAda(customer.id))]);
    const bodies = await Promise.all(responses.map((r) => r.text()));
    expect(bodies.filter((body) => body === '')).toHaveLength(1);
    expect(bodies.find((body) => body !== '')).toContain('already used');
    expect(await t.db.user.count({ where: { email: 'ada.lovelace@example.com' } })).toBe(1);
    expect(await t.db.auditEvent.count()).toBe(1);
  });

  it('refuses at submit time an admin who lost the privilege after opening the form', async () => {
    await t.db.user.update({ where: { id: admin.id }, data: { admin: false } });
    const before = await tableCounts(t.db);
    const body = await (await submitAddUser(validAda(customer.id))).json();
    expect(body.response_action).toBe('update');
    expect(JSON.stringify(body.view)).toContain('needs the Admin privilege');
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('refuses a forged submission from a Slack user with no Switchboard user', async () => {
    const before = await tableCounts(t.db);
    const body = await (await submitAddUser(validAda(customer.id), STRANGER)).json();
    expect(JSON.stringify(body.view)).toContain('not linked');
    expect(await tableCounts(t.db)).toEqual(before);
  });
});

describe('Slack request signing', () => {
  it('rejects a bad signature with 401 and does nothing', async () => {
    const response = await t.command(slackPersonOf(admin), '/adduser', '', { secret: 'not-the-secret' });
    expect(response.status).toBe(401);
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
  });

  it('rejects requests signed more than 5 minutes ago with 401 and does nothing', async () => {
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const before = await tableCounts(t.db);
    const command = await t.command(slackPersonOf(admin), '/adduser', '', { timestamp: sixMinutesAgo });
    const submission = await t.post(
      interactionBody(
        viewSubmissionPayload(
          slackPersonOf(admin),
          { callbackId: 'add_user', values: addUserValues(validAda(customer.id)) },
          t.slack.issueTrigger(),
        ),
      ),
      { timestamp: sixMinutesAgo },
    );
    expect([command.status, submission.status]).toEqual([401, 401]);
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
    expect(await tableCounts(t.db)).toEqual(before);
  });
});
