import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addUserValues, validAda } from '../../../support/add-user-form.ts';
import { seedOrganization, seedUser, slackPersonOf, tableCounts } from '../../../support/fixtures.ts';
import { APPROVALS_CHANNEL, resetToAdmin, startTestApp, testConfig, type TestApp } from '../../../support/harness.ts';
import { waitFor } from '../../../support/wait.ts';

// APPROVALS_REQUIRED=2 with one other admin: a request could never be approved, so it is not filed.
let t: TestApp;
let org: { id: string };
let admin: Awaited<ReturnType<typeof seedUser>>;

beforeAll(async () => {
  t = await startTestApp({ approvals: { ...testConfig().approvals, required: 2 } });
  org = await seedOrganization(t.db, 'Acme');
  admin = await seedUser(t.db, org.id, { admin: true, firstName: 'Grace', lastName: 'Hopper' });
});
afterAll(() => t.stop());
beforeEach(async () => {
  await resetToAdmin(t, admin);
  await seedUser(t.db, org.id, { admin: true, firstName: 'Hank', lastName: 'Approver' });
});

describe('fewer eligible approvers than APPROVALS_REQUIRED', () => {
  it('/adduser with Admin ticked adds the user without it, files nothing, and says why', async () => {
    const values = addUserValues({ ...validAda(org.id), privileges: ['active', 'admin'] });
    expect(await (await t.submitView(slackPersonOf(admin), { callbackId: 'add_user', values })).text()).toBe('');
    expect(await t.db.user.findUniqueOrThrow({ where: { email: 'ada.lovelace@example.com' } })).toMatchObject({
      admin: false,
    });
    expect(await t.db.adminRequest.count()).toBe(0);
    const told = await waitFor(() => t.slack.messagesIn(admin.slackUserId!)[0]);
    expect(told.text).toContain(
      'Admin rights were not requested: a request needs 2 approvals, and only 1 other active admin of their company or a company above it can give one.',
    );
    expect(told.text).toContain('`switchboard users grant-admin ada.lovelace@example.com --reason "…"`');
  });

  it('/grantadmin is refused at once, in words, and files nothing', async () => {
    await seedUser(t.db, org.id, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.example' });
    const before = await tableCounts(t.db);
    const body = await (await t.command(slackPersonOf(admin), '/grantadmin', 'ada@acme.example she runs IT')).json();
    expect(body.text).toContain(
      'Too few others can approve admin rights for Ada Lovelace: a request needs 2 approvals, and only 1 other active admin of their company or a company above it can give one.',
    );
    expect(body.text).toContain('switchboard users grant-admin ada@acme.example --reason');
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
    expect(await tableCounts(t.db)).toEqual(before);
    expect(t.slack.messagesIn(APPROVALS_CHANNEL)).toHaveLength(0);
  });
});
