import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedOrganization, seedUser, slackPersonOf, tableCounts } from '../../../support/fixtures.ts';
import { NOTIFY_CHANNEL, resetToAdmin, startTestApp, type TestApp } from '../../../support/harness.ts';
import { waitFor } from '../../../support/wait.ts';

let t: TestApp;
let org: { id: string };
let admin: Awaited<ReturnType<typeof seedUser>>;

beforeAll(async () => {
  t = await startTestApp();
  org = await seedOrganization(t.db, 'Acme');
  admin = await seedUser(t.db, org.id, { admin: true, firstName: 'Grace', lastName: 'Hopper' });
});
afterAll(() => t.stop());
// Each test starts with no users but the seeded admin, and no notices.
beforeEach(() => resetToAdmin(t, admin));

type Stored = Awaited<ReturnType<typeof seedUser>>;
const click = (
  action: 'deactivate' | 'reactivate' | 'delete' | 'remove_admin',
  user: Pick<Stored, 'id' | 'version'>,
  as = admin,
) =>
  t.click(slackPersonOf(as), {
    type: 'button',
    action_id: `user_${action}`,
    value: JSON.stringify({ id: user.id, v: user.version }),
  });
const reload = (user: { id: string }) => t.db.user.findUnique({ where: { id: user.id } });
const channelTexts = () => t.slack.messagesIn(NOTIFY_CHANNEL).map((message) => message.text as string);

describe('deactivate and reactivate', () => {
  it('deactivates: stamped, still listed, announced, the user told; the card now offers Reactivate', async () => {
    const ada = await seedUser(t.db, org.id, { firstName: 'Ada', lastName: 'Lovelace' });
    const answer = await click('deactivate', ada);
    expect(answer.replace_original).toBe(true);
    expect(JSON.stringify(answer.blocks)).toContain('Ada Lovelace was deactivated.');
    expect(JSON.stringify(answer.blocks)).toContain('user_reactivate');
    const stored = await reload(ada);
    expect(stored).toMatchObject({ active: false, deactivatedBy: admin.email, version: 2 });
    expect(stored!.deactivatedAt).toBeInstanceOf(Date);
    const listed = await (await t.command(slackPersonOf(admin), '/users', 'is:deactivated')).json();
    expect(JSON.stringify(listed.blocks)).toContain('Ada Lovelace');
    await waitFor(() => channelTexts().length === 1);
    expect(channelTexts()[0]).toBe(`Ada Lovelace (${ada.email}) of Acme was deactivated by <@${admin.slackUserId}>`);
    const dm = await waitFor(() => t.slack.messagesIn(ada.slackUserId!)[0]);
    expect(dm.text).toBe(`Your Switchboard access was turned off by <@${admin.slackUserId}>.`);
    const [audit] = await t.db.auditEvent.findMany();
    expect(audit).toMatchObject({ action: 'user.deactivated', actorId: admin.id, targetId: ada.id });
  });

  it('a deactivated user can no longer use Switchboard', async () => {
    const other = await seedUser(t.db, org.id, { admin: true });
    await click('deactivate', other);
    const response = await t.command(slackPersonOf(other), '/users');
    expect((await response.json()).text).toContain('is deactivated');
  });

  it('reactivates, announced and told', async () => {
    const ada = await seedUser(t.db, org.id, { active: false, firstName: 'Ada', lastName: 'Lovelace' });
    const answer = await click('reactivate', ada);
    expect(JSON.stringify(answer.blocks)).toContain('Ada Lovelace was reactivated.');
    expect(await reload(ada)).toMatchObject({ active: true, deactivatedAt: null, deactivatedBy: null });
    // The previous test's notice may still arrive after the reset: look for this one.
    await waitFor(() =>
      channelTexts().some((text) => text.startsWith('Ada Lovelace') && text.includes('was reactivated by')),
    );
  });

  it('counts a double click once: one change, one notice', async () => {
    const ada = await seedUser(t.db, org.id, { firstName: 'Ada', lastName: 'Lovelace' });
    const answers = await Promise.all([click('deactivate', ada), click('deactivate', ada)]);
    const notes = answers.map((answer) => JSON.stringify(answer.blocks));
    expect(notes.filter((note) => note.includes('was deactivated.'))).toHaveLength(1);
    expect(notes.filter((note) => note.includes('was already deactivated.'))).toHaveLength(1);
    expect(await t.db.auditEvent.count()).toBe(1);
    expect(await t.db.outboxMessage.count({ where: { destination: NOTIFY_CHANNEL } })).toBe(1);
  });

  it('refuses a click from a card that is out of date, and shows the user as they are now', async () => {
    const ada = await seedUser(t.db, org.id, { firstName: 'Ada', lastName: 'Lovelace' });
    await t.db.user.update({ where: { id: ada.id }, data: { title: 'Countess', version: { increment: 1 } } });
    const before = await tableCounts(t.db);
    const answer = await click('deactivate', ada);
    expect(JSON.stringify(answer.blocks)).toContain('changed since that card was shown');
    expect(JSON.stringify(answer.blocks)).toContain('Countess');
    expect(await tableCounts(t.db)).toEqual(before);
    expect((await reload(ada))!.active).toBe(true);
  });

  it('refuses deactivating yourself', async () => {
    const answer = await click('deactivate', admin);
    expect(answer.text).toContain("You can't deactivate yourself");
    expect((await reload(admin))!.active).toBe(true);
  });

  it('keeps the last active admin of a company', async () => {
    const branch = await seedOrganization(t.db, 'Branch', org.id);
    const lastAdmin = await seedUser(t.db, branch.id, { admin: true, firstName: 'Only', lastName: 'Admin' });
    const answer = await click('deactivate', lastAdmin);
    expect(answer.text).toContain('last active admin of Branch');
    expect((await reload(lastAdmin))!.active).toBe(true);
    const second = await seedUser(t.db, branch.id, { admin: true });
    expect(JSON.stringify((await click('deactivate', lastAdmin)).blocks)).toContain('was deactivated');
    expect((await reload(second))!.active).toBe(true);
  });

  it('lets only one of two admins deactivating each other at once succeed', async () => {
    const branch = await seedOrganization(t.db, 'Twins', org.id);
    const one = await seedUser(t.db, branch.id, { admin: true });
    const two = await seedUser(t.db, branch.id, { admin: true });
    const answers = await Promise.all([click('deactivate', two, one), click('deactivate', one, two)]);
    const stillActive = (await t.db.user.findMany({ where: { organizationId: branch.id, active: true, admin: true } }))
      .length;
    expect(stillActive).toBe(1);
    // The loser is refused either as the last active admin (the clicks overlapped) or, when the
    // winner committed first, as deactivated themselves.
    const refused = answers.filter((answer) => /last active admin|is deactivated/.test(String(answer.text)));
    expect(refused).toHaveLength(1);
  });

  it('refuses a Portal Access user who clicks a forged button, and changes nothing', async () => {
    const viewer = await seedUser(t.db, org.id, { portalAccess: true });
    const ada = await seedUser(t.db, org.id);
    const before = await tableCounts(t.db);
    const answer = await click('deactivate', ada, viewer);
    expect(answer.text).toContain('needs the Admin privilege');
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('treats a user outside the admin’s scope as gone', async () => {
    const elsewhere = await seedOrganization(t.db, 'Elsewhere');
    const stranger = await seedUser(t.db, elsewhere.id);
    const answer = await click('deactivate', stranger);
    expect(answer.text).toContain('no longer exists');
    expect((await reload(stranger))!.active).toBe(true);
  });

  it('refuses a malformed button value clearly', async () => {
    const answer = await t.click(slackPersonOf(admin), {
      type: 'button',
      action_id: 'user_deactivate',
      value: '{"id":',
    });
    expect(answer.text).toContain('That button is broken');
  });
});

describe('delete', () => {
  it('refuses an active user: deactivate first', async () => {
    const ada = await seedUser(t.db, org.id, { firstName: 'Ada', lastName: 'Lovelace' });
    const answer = await click('delete', ada);
    expect(answer.text).toContain('Deactivate Ada Lovelace first');
    expect(await reload(ada)).not.toBeNull();
  });

  it('deletes a deactivated user: data gone, email free again, audit keeps who they were, announced', async () => {
    const ada = await seedUser(t.db, org.id, {
      active: false,
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@acme.example',
    });
    const answer = await click('delete', ada);
    expect(answer.text).toBe('Ada Lovelace was deleted.');
    expect(await reload(ada)).toBeNull();
    const [audit] = await t.db.auditEvent.findMany();
    expect(audit).toMatchObject({ action: 'user.deleted', targetLabel: 'Ada Lovelace <ada@acme.example>' });
    await waitFor(() => channelTexts()[0]?.includes('was deleted by'));
    await seedUser(t.db, org.id, { email: 'ada@acme.example' });
  });

  it('says a stale card’s user is gone after someone else deleted them', async () => {
    const ada = await seedUser(t.db, org.id, { active: false });
    await click('delete', ada);
    const answer = await click('delete', ada);
    expect(answer.text).toContain('no longer exists');
  });
});

describe('remove admin', () => {
  it('removes admin rights without approval: audited, announced, the user told', async () => {
    const ada = await seedUser(t.db, org.id, { admin: true, firstName: 'Ada', lastName: 'Lovelace' });
    const card = await (await t.command(slackPersonOf(admin), '/users', ada.email)).json();
    expect(JSON.stringify(card.blocks)).toContain('user_remove_admin');
    const answer = await click('remove_admin', ada);
    expect(JSON.stringify(answer.blocks)).toContain('Ada Lovelace is no longer an admin.');
    expect(JSON.stringify(answer.blocks)).not.toContain('user_remove_admin');
    expect(await reload(ada)).toMatchObject({ admin: false, active: true, version: 2 });
    const [audit] = await t.db.auditEvent.findMany();
    expect(audit).toMatchObject({ action: 'user.admin_removed', before: { admin: true }, after: { admin: false } });
    await waitFor(() => channelTexts()[0]?.includes('had admin rights removed by'));
    const dm = await waitFor(() => t.slack.messagesIn(ada.slackUserId!)[0]);
    expect(dm.text).toContain('Your Switchboard admin rights were removed');
  });

  it('keeps the last active admin, refuses your own, and counts a double click once', async () => {
    const branch = await seedOrganization(t.db, 'Solo', org.id);
    const only = await seedUser(t.db, branch.id, { admin: true });
    expect((await click('remove_admin', only)).text).toContain('last active admin of Solo');
    expect((await click('remove_admin', admin)).text).toContain("You can't remove your own admin rights");
    const ada = await seedUser(t.db, org.id, { admin: true });
    const answers = await Promise.all([click('remove_admin', ada), click('remove_admin', ada)]);
    expect(
      answers.map((a) => JSON.stringify(a.blocks)).filter((b) => b.includes('was already not an admin')),
    ).toHaveLength(1);
    expect(await t.db.auditEvent.count({ where: { action: 'user.admin_removed' } })).toBe(1);
  });
});
