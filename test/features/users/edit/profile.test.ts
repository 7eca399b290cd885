import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../../../src/core/passwords.ts';
import { addUserValues } from '../../../support/add-user-form.ts';
import { seedOrganization, seedUser, slackPersonOf, tableCounts } from '../../../support/fixtures.ts';
import { NOTIFY_CHANNEL, resetToAdmin, startTestApp, TEAM_ID, type TestApp } from '../../../support/harness.ts';
import { stateValues } from '../../../support/slack-requests.ts';
import { waitFor } from '../../../support/wait.ts';

let t: TestApp;
let org: { id: string };
let admin: Awaited<ReturnType<typeof seedUser>>;
type Stored = Awaited<ReturnType<typeof seedUser>>;

beforeAll(async () => {
  t = await startTestApp();
  org = await seedOrganization(t.db, 'Acme');
  admin = await seedUser(t.db, org.id, { admin: true, firstName: 'Grace', lastName: 'Hopper' });
});
afterAll(() => t.stop());
// Each test starts with no users but the seeded admin, and no notices.
beforeEach(() => resetToAdmin(t, admin));

const meta = (user: Pick<Stored, 'id' | 'version'>) => JSON.stringify({ id: user.id, v: user.version });
const ada = () => seedUser(t.db, org.id, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.example' });
const editValues = (user: Stored, changes: Record<string, unknown> = {}) =>
  addUserValues({
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    organizationId: user.organizationId,
    privileges: ['active'],
    ...changes,
  } as never);
const saveEdit = (user: Pick<Stored, 'id' | 'version'>, values: ReturnType<typeof addUserValues>, as = admin) =>
  t.submitView(slackPersonOf(as), { callbackId: 'edit_user', values, privateMetadata: meta(user) });
const reload = (user: { id: string }) => t.db.user.findUniqueOrThrow({ where: { id: user.id } });

describe('Edit', () => {
  it('opens the edit form filled with the user’s details; Admin is not offered to a non-admin', async () => {
    const user = await ada();
    expect(
      (await t.press(slackPersonOf(admin), { type: 'button', action_id: 'user_edit', value: meta(user) })).status,
    ).toBe(200);
    const open = await waitFor(() => t.slack.callsTo('views.open')[0]);
    const view = open.args.view;
    expect(view.callback_id).toBe('edit_user');
    expect(JSON.parse(view.private_metadata)).toEqual({
      id: user.id,
      v: 1,
      responseUrl: expect.stringContaining('/response/'),
    });
    const initial = Object.fromEntries(
      view.blocks.filter((b: any) => b.element?.initial_value).map((b: any) => [b.block_id, b.element.initial_value]),
    );
    expect(initial).toMatchObject({ email: 'ada@acme.example', firstName: 'Ada', lastName: 'Lovelace' });
    const privileges = view.blocks
      .find((b: any) => b.block_id === 'privileges')
      .element.options.map((o: any) => o.value);
    expect(privileges).toEqual(['active', 'portalAccess']);
  });

  it('saves changed details, audits only what changed, and announces which fields', async () => {
    const user = await ada();
    const response = await saveEdit(
      user,
      editValues(user, { title: 'Countess', officePhone: '415 555 0100', privileges: ['active', 'portalAccess'] }),
    );
    expect(await response.text()).toBe('');
    expect(await reload(user)).toMatchObject({
      title: 'Countess',
      officePhone: '+14155550100',
      portalAccess: true,
      version: 2,
    });
    const [audit] = await t.db.auditEvent.findMany();
    expect(audit).toMatchObject({
      action: 'user.edited',
      before: { title: null, officePhone: null, portalAccess: false },
      after: { title: 'Countess', officePhone: '+14155550100', portalAccess: true },
    });
    const notice = await waitFor(() => t.slack.messagesIn(NOTIFY_CHANNEL)[0]);
    expect(notice.text).toContain('was edited by');
    expect(notice.text).toContain('Title, Office number, Portal Access');
  });

  it.each([
    ['an invalid phone number', { faxPhone: '12' }, 'faxPhone'],
    ['an empty last name', { lastName: ' ' }, 'lastName'],
    ['a malformed email', { email: 'ada@' }, 'email'],
    ['Admin ticked for a non-admin', { privileges: ['active', 'admin'] }, 'privileges'],
  ])('shows an inline error for %s and changes nothing', async (_case, changes, block) => {
    const user = await ada();
    const before = await tableCounts(t.db);
    const body = await (await saveEdit(user, editValues(user, changes))).json();
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual([block]);
    expect(await tableCounts(t.db)).toEqual(before);
    expect((await reload(user)).version).toBe(1);
  });

  it('refuses an email another user has', async () => {
    const user = await ada();
    await seedUser(t.db, org.id, { email: 'taken@acme.example' });
    const body = await (await saveEdit(user, editValues(user, { email: 'TAKEN@acme.example' }))).json();
    expect(body.errors.email).toContain('already used');
  });

  it('tells the second of two admins saving at once that the user changed, and shows the new values', async () => {
    const user = await ada();
    expect(await (await saveEdit(user, editValues(user, { title: 'First' }))).text()).toBe('');
    const body = await (await saveEdit(user, editValues(user, { title: 'Second' }))).json();
    expect(body.response_action).toBe('update');
    expect(JSON.stringify(body.view)).toContain('was changed by someone else');
    expect(JSON.stringify(body.view)).toContain('"initial_value":"First"');
    expect((await reload(user)).title).toBe('First');
  });

  it('keeps the last active admin: removing Admin from them is refused', async () => {
    const branch = await seedOrganization(t.db, 'Branch', org.id);
    const only = await seedUser(t.db, branch.id, { admin: true });
    const body = await (await saveEdit(only, editValues(only, { privileges: ['active'] }))).json();
    expect(JSON.stringify(body)).toContain('last active admin of Branch');
    expect((await reload(only)).admin).toBe(true);
  });

  it('refuses a Portal Access user who submits a forged form', async () => {
    const viewer = await seedUser(t.db, org.id, { portalAccess: true });
    const user = await ada();
    const body = await (await saveEdit(user, editValues(user, { title: 'Hacked' }), viewer)).json();
    expect(JSON.stringify(body.view)).toContain('needs the Admin privilege');
    expect((await reload(user)).title).toBeNull();
  });
});

describe('changing the login email', () => {
  it('keeps it pending, asks its Slack owner, and switches when they confirm', async () => {
    t.slack.addUser({ id: 'U0NEWADA', teamId: TEAM_ID, name: 'ada', realName: 'Ada', email: 'ada@new.example' });
    const user = await ada();
    const body = await (await saveEdit(user, editValues(user, { email: 'Ada@New.example' }))).json();
    expect(JSON.stringify(body.view)).toContain('got a direct message in Slack to confirm');
    expect(await reload(user)).toMatchObject({ email: 'ada@acme.example', pendingEmail: 'ada@new.example' });
    const dm = await waitFor(() => t.slack.messagesIn('U0NEWADA')[0]);
    const confirm = dm.blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id === 'email_confirm');

    t.slack.addUser({ id: 'U0OTHER', teamId: TEAM_ID, name: 'eve', realName: 'Eve', email: 'eve@new.example' });
    const stranger = await t.click(
      { userId: 'U0OTHER', teamId: TEAM_ID },
      { type: 'button', action_id: 'email_confirm', value: confirm.value },
    );
    expect(stranger.text).toBe('Only the owner of ada@new.example can confirm this change.');
    expect((await reload(user)).email).toBe('ada@acme.example');

    const answer = await t.click(
      { userId: 'U0NEWADA', teamId: TEAM_ID },
      { type: 'button', action_id: 'email_confirm', value: confirm.value },
    );
    expect(answer.text).toBe('Confirmed: Ada Lovelace now signs in to Switchboard as ada@new.example.');
    expect(await reload(user)).toMatchObject({ email: 'ada@new.example', pendingEmail: null });
    await waitFor(() =>
      t.slack.messagesIn(NOTIFY_CHANNEL).some((m) => m.text.includes('now signs in as ada@new.example')),
    );
    const again = await t.click(
      { userId: 'U0NEWADA', teamId: TEAM_ID },
      { type: 'button', action_id: 'email_confirm', value: confirm.value },
    );
    expect(again.text).toContain('nothing to confirm');
  });

  it('says Slack could not be asked, not that nobody has the email, when the look-up is too slow', async () => {
    const user = await ada();
    t.slack.failNext('users.lookupByEmail', { kind: 'slow', delayMs: 4_000 });
    const body = await (await saveEdit(user, editValues(user, { email: 'ada@slow.example' }))).json();
    expect(JSON.stringify(body.view)).toContain('Slack could not be asked just now who has that email');
    expect(JSON.stringify(body.view)).not.toContain('Nobody in this Slack workspace');
    expect((await reload(user)).pendingEmail).toBe('ada@slow.example');
  });

  it('tells the admin when nobody in Slack has the email, and lets them cancel the change', async () => {
    const user = await ada();
    const body = await (await saveEdit(user, editValues(user, { email: 'ada@elsewhere.example' }))).json();
    expect(JSON.stringify(body.view)).toContain('Nobody in this Slack workspace has that email');
    const pending = await reload(user);
    const card = await (await t.command(slackPersonOf(admin), '/users', 'ada@acme.example')).json();
    expect(JSON.stringify(card.blocks)).toContain('awaits confirmation');
    const answer = await t.click(slackPersonOf(admin), {
      type: 'button',
      action_id: 'user_cancel_email',
      value: meta(pending),
    });
    expect(JSON.stringify(answer.blocks)).toContain('The email change was cancelled.');
    expect((await reload(user)).pendingEmail).toBeNull();
  });
});

describe('Reset password', () => {
  const submitReset = (user: Pick<Stored, 'id' | 'version'>, typed: Record<string, string>, generate = false) =>
    t.submitView(slackPersonOf(admin), {
      callbackId: 'reset_password',
      privateMetadata: meta(user),
      // Slack sends every input block of the form, empty ones as null.
      values: {
        ...stateValues({ password: undefined, passwordConfirmation: undefined, ...typed }),
        // "Type one now", or "Generate one" (reset-password.test.ts tests the link, the default).
        passwordChoice: {
          value: { type: 'radio_buttons', selected_option: { value: generate ? 'generate' : 'type' } },
        },
      },
    });

  it.each([
    [{}, 'password', 'at least 6 characters'],
    [{ password: 'abc', passwordConfirmation: 'abc' }, 'password', 'at least 6 characters'],
    [{ password: 'abcdefg', passwordConfirmation: 'abcdefh' }, 'passwordConfirmation', 'not the same'],
  ])('refuses %j with an inline error and changes nothing', async (typed, block, message) => {
    const user = await ada();
    const before = await tableCounts(t.db);
    const body = await (await submitReset(user, typed)).json();
    expect(body.errors[block]).toContain(message);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('sets a typed password, announced without it', async () => {
    const user = await ada();
    const body = await (
      await submitReset(user, { password: 'new-secret-1', passwordConfirmation: 'new-secret-1' })
    ).json();
    expect(JSON.stringify(body.view)).toContain('was reset');
    const stored = await reload(user);
    expect(await verifyPassword(stored.passwordHash!, 'new-secret-1')).toBe(true);
    expect(stored.mustChangePassword).toBe(false);
    await waitFor(() => t.slack.messagesIn(NOTIFY_CHANNEL).length && t.slack.messagesIn(user.slackUserId!).length);
    expect(JSON.stringify(t.slack.calls)).not.toContain('new-secret-1');
  });

  it('generates one, shows it once to the admin only, and the user must change it', async () => {
    const user = await ada();
    const body = await (await submitReset(user, {}, true)).json();
    const password = /`([A-Za-z0-9]{16})`/.exec(JSON.stringify(body.view))![1]!;
    const stored = await reload(user);
    expect(await verifyPassword(stored.passwordHash!, password)).toBe(true);
    expect(stored.mustChangePassword).toBe(true);
    await waitFor(() => t.slack.messagesIn(NOTIFY_CHANNEL).length);
    const everywhere = JSON.stringify({
      calls: t.slack.calls,
      audit: await t.db.auditEvent.findMany({ select: { before: true, after: true } }),
    });
    expect(everywhere).not.toContain(password);
  });
});
