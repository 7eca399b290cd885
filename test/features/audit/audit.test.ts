import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVITE_BLOCKS, INVITE_VIEW } from '../../../src/features/invitations/invite-form.blocks.ts';
import { INVITATION_REVOKE_ACTION } from '../../../src/features/invitations/invitations.blocks.ts';
import { addUserValues, validAda } from '../../support/add-user-form.ts';
import { seedOrganization, seedUser, slackPersonOf, STRANGER } from '../../support/fixtures.ts';
import { startTestApp, type TestApp } from '../../support/harness.ts';

let t: TestApp;
let admin: Awaited<ReturnType<typeof seedUser>>;
let viewer: Awaited<ReturnType<typeof seedUser>>;
let customer: { id: string };

const audit = async (text = '', as = viewer) => (await t.command(slackPersonOf(as), '/audit', text)).json();
const sections = (message: { blocks: any[] }) =>
  message.blocks.filter((block) => block.type === 'section').map((block) => block.text.text as string);

beforeAll(async () => {
  t = await startTestApp();
  const reseller = await seedOrganization(t.db, 'Reseller');
  customer = await seedOrganization(t.db, 'Customer', reseller.id);
  const elsewhere = await seedOrganization(t.db, 'Elsewhere');
  admin = await seedUser(t.db, reseller.id, { admin: true });
  viewer = await seedUser(t.db, reseller.id, { portalAccess: true });
  const outsider = await seedUser(t.db, elsewhere.id, { admin: true });
  // Real changes through Slack: add Ada, deactivate her, and one change outside the scope.
  await t.submitView(slackPersonOf(admin), { callbackId: 'add_user', values: addUserValues(validAda(customer.id)) });
  const ada = await t.db.user.findUniqueOrThrow({ where: { email: 'ada.lovelace@example.com' } });
  await t.click(slackPersonOf(admin), {
    type: 'button',
    action_id: 'user_deactivate',
    value: JSON.stringify({ id: ada.id, v: ada.version }),
  });
  await t.submitView(slackPersonOf(outsider), {
    callbackId: 'add_user',
    values: addUserValues({ ...validAda(elsewhere.id), email: 'secret@elsewhere.example' }),
  });
});
afterAll(() => t.stop());

describe('/audit', () => {
  it('lists the latest changes in scope, newest first: who, what, when, before → after', async () => {
    const lines = sections(await audit());
    expect(lines[0]).toBe('*Latest changes* — all 2');
    expect(lines[1]).toContain(`*Deactivated*: Ada Lovelace (ada.lovelace@example.com) — by <@${admin.slackUserId}>`);
    expect(lines[1]).toContain('active: yes → no');
    expect(lines[1]).toMatch(/<!date\^\d+\^/);
    expect(lines[2]).toContain('*Added*: Ada Lovelace');
    expect(JSON.stringify(lines)).not.toContain('secret@elsewhere.example');
  });

  it('says what happened in words, never as an event code', async () => {
    const lines = sections(await audit());
    expect(lines.join('\n')).not.toMatch(/\b(?:user|invitation|organization)\.[a-z_]+\b/);
    expect(lines.join('\n')).not.toMatch(/\b(?:true|false|null)\b/);
  });

  it('lists only the fields a new user was given, privileges as labels', async () => {
    const added = sections(await audit('ada.lovelace@example.com')).find((line) => line.includes('*Added*'))!;
    expect(added).toContain('first name: Ada');
    expect(added).toContain('title: Engineer');
    expect(added).toContain('privileges: Active, Portal Access');
    // Ada was given no fax number: it is not listed as "fax: —".
    expect(added).not.toMatch(/fax|: —/);
  });

  it('the user card names its last changes in words too', async () => {
    const card = await (await t.command(slackPersonOf(admin), '/users', 'ada.lovelace@example.com')).json();
    const text = JSON.stringify(card.blocks);
    expect(text).toMatch(/Last changes: .*deactivated by .*added by /);
    expect(text).not.toMatch(/user\.(deactivated|created)/);
  });

  it('narrows to one user by email, and to one company by name', async () => {
    expect(sections(await audit('ada.lovelace@example.com'))).toHaveLength(3);
    expect(sections(await audit('customer'))).toHaveLength(3);
    expect(sections(await audit('Reseller'))).toHaveLength(3);
  });

  it('keeps showing a user’s history after they were deleted', async () => {
    const ada = await t.db.user.findUniqueOrThrow({ where: { email: 'ada.lovelace@example.com' } });
    await t.click(slackPersonOf(admin), {
      type: 'button',
      action_id: 'user_delete',
      value: JSON.stringify({ id: ada.id, v: ada.version }),
    });
    const lines = sections(await audit('ada.lovelace@example.com'));
    expect(lines[1]).toContain('*Deleted*');
    expect(lines).toHaveLength(4);
  });

  it('keeps the events recorded by the bare email (the invitation’s) after the person was deleted', async () => {
    const invited = await t.submitView(slackPersonOf(admin), {
      callbackId: INVITE_VIEW,
      privateMetadata: JSON.stringify({ rows: 1 }),
      values: {
        [INVITE_BLOCKS.company]: { company: { type: 'static_select', selected_option: { value: customer.id } } },
        [INVITE_BLOCKS.email(0)]: { value: { type: 'plain_text_input', value: 'iris@outside.example' } },
        [INVITE_BLOCKS.license(0)]: { value: { type: 'checkboxes', selected_options: [] } },
      },
    });
    expect((await invited.json()).response_action).toBe('update');
    const iris = await t.db.user.findUniqueOrThrow({ where: { email: 'iris@outside.example' } });
    await t.click(slackPersonOf(admin), { type: 'button', action_id: INVITATION_REVOKE_ACTION, value: iris.id });
    const revoked = await t.db.user.findUniqueOrThrow({ where: { id: iris.id } });
    await t.click(slackPersonOf(admin), {
      type: 'button',
      action_id: 'user_delete',
      value: JSON.stringify({ id: iris.id, v: revoked.version }),
    });
    expect(await t.db.user.count({ where: { id: iris.id } })).toBe(0);
    const lines = sections(await audit('iris@outside.example'));
    expect(lines.slice(1).map((line) => line.match(/\*([^*]+)\*/)?.[1])).toEqual([
      'Deleted',
      'Invitation revoked',
      'Invited',
    ]);
  });

  it('pages back with Older ›', async () => {
    for (let i = 0; i < 22; i++) {
      await t.submitView(slackPersonOf(admin), {
        callbackId: 'add_user',
        values: addUserValues({ ...validAda(customer.id), email: `bulk${i}@example.com` }),
      });
    }
    const first = await audit();
    expect(sections(first)).toHaveLength(21);
    const older = first.blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id === 'audit_older');
    const second = await t.click(slackPersonOf(viewer), {
      type: 'button',
      action_id: 'audit_older',
      value: older.value,
    });
    expect(second.replace_original).toBe(true);
    expect(sections(second).length).toBeGreaterThan(1);
    expect(sections(second)[1]).not.toBe(sections(first)[1]);
  });

  it.each([
    ['Nowhere Inc', '“Nowhere Inc” is neither an email nor one of your companies'],
    ['Elsewhere', '“Elsewhere” is neither an email nor one of your companies'],
  ])('explains an unknown subject: %s', async (text, message) => {
    expect((await audit(text)).text).toContain(message);
  });

  it('answers a tampered page link clearly', async () => {
    const answer = await t.click(slackPersonOf(viewer), {
      type: 'button',
      action_id: 'audit_older',
      value: JSON.stringify({ about: '', olderThan: 'x' }),
    });
    expect(answer.text).toContain('not valid any more');
  });

  it('refuses those without Portal Access or Admin', async () => {
    expect((await (await t.command(STRANGER, '/audit')).json()).text).toContain('not linked');
    const plain = await seedUser(t.db, admin.organizationId);
    expect((await audit('', plain)).text).toContain('Portal Access or Admin');
  });
});
