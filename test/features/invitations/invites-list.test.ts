import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  INVITATION_RESEND_ACTION,
  INVITATION_REVOKE_ACTION,
  INVITES_PAGE_ACTION,
} from '../../../src/features/invitations/invitations.blocks.ts';
import { seedOrganization, seedUser, slackPersonOf, tableCounts } from '../../support/fixtures.ts';
import { startTestApp, type TestApp } from '../../support/harness.ts';

// 45 open invitations in Acme, newest first: invitee44@… at the top, invitee00@… last.
let t: TestApp;
let admin: Awaited<ReturnType<typeof seedUser>>;
const INVITED = 45;
const emailOf = (n: number) => `invitee${String(n).padStart(2, '0')}@acme.example`;

beforeAll(async () => {
  t = await startTestApp();
  const acme = await seedOrganization(t.db, 'Acme');
  admin = await seedUser(t.db, acme.id, { admin: true });
  const meet = await t.db.product.create({ data: { name: 'Meet', key: 'meet' } });
  await t.db.licensePool.create({ data: { organizationId: acme.id, productId: meet.id, seats: 100 } });
  const start = Date.now() - 60 * 60_000;
  for (let n = 0; n < INVITED; n++) {
    const user = await t.db.user.create({
      data: {
        organizationId: acme.id,
        email: emailOf(n),
        firstName: '',
        lastName: '',
        searchText: emailOf(n),
        active: false,
        invitedAt: new Date(start),
        licenses: { create: { productId: meet.id } },
      },
    });
    await t.db.invitation.create({
      data: {
        userId: user.id,
        status: 'sent',
        invitedBy: admin.email,
        createdAt: new Date(start + n * 1000),
        sentAt: new Date(start + n * 1000),
        deliveredVia: 'email',
        expiresAt: new Date(Date.now() + 14 * 24 * 60 * 60_000),
      },
    });
  }
});
afterAll(() => t.stop());

type Message = { text: string; blocks: any[] };
const emailsIn = (message: Message) =>
  message.blocks
    .filter((block) => block.type === 'section')
    .flatMap((block) =>
      [...block.text.text.matchAll(/^\*([^*\s]+@[^*\s]+)\*/gm)].map((match: RegExpMatchArray) => match[1]),
    );
const buttons = (message: Message) =>
  message.blocks.flatMap((block) => (block.type === 'actions' ? block.elements : []));
const buttonOf = (message: Message, actionId: string, email?: string) => {
  if (!email) return buttons(message).find((button: any) => button.action_id === actionId);
  const index = message.blocks.findIndex(
    (block) => block.type === 'section' && block.text.text.startsWith(`*${email}*`),
  );
  return message.blocks[index + 1].elements.find((button: any) => button.action_id === actionId);
};
const invites = async (text = ''): Promise<Message> => (await t.command(slackPersonOf(admin), '/invites', text)).json();
const click = (button: { action_id: string; value: string }) =>
  t.click(slackPersonOf(admin), { type: 'button', action_id: button.action_id, value: button.value });

describe('/invites says how many there are and where you are', () => {
  it('pages 20 at a time: 1–20, 21–40, 41–45 of 45, and back', async () => {
    const first = await invites();
    expect(first.text).toBe('Open invitations: 1–20 of 45.');
    expect(emailsIn(first)).toEqual(Array.from({ length: 20 }, (_, i) => emailOf(44 - i)));
    expect(buttonOf(first, `${INVITES_PAGE_ACTION}_previous`)).toBeUndefined();
    const second = await click(buttonOf(first, `${INVITES_PAGE_ACTION}_next`));
    expect(second.replace_original).toBe(true);
    expect(second.blocks[0].text.text).toBe('*Open invitations* — 21–40 of 45');
    const third = await click(buttonOf(second, `${INVITES_PAGE_ACTION}_next`));
    expect(third.text).toBe('Open invitations: 41–45 of 45.');
    expect(emailsIn(third)).toEqual([4, 3, 2, 1, 0].map(emailOf));
    expect(buttonOf(third, `${INVITES_PAGE_ACTION}_next`)).toBeUndefined();
    const back = await click(buttonOf(third, `${INVITES_PAGE_ACTION}_previous`));
    expect(emailsIn(back)).toEqual(emailsIn(second));
  });

  it('counts a search', async () => {
    const found = await invites('invitee1');
    expect(found.text).toBe('Open invitations matching “invitee1”: all 10.');
  });

  it('Revoke asks first, then shows the page again as it is now, with what was done', async () => {
    const page = await invites('invitee3');
    const revoke = buttonOf(page, INVITATION_REVOKE_ACTION, emailOf(37));
    expect(revoke.confirm).toMatchObject({
      title: { type: 'plain_text', text: 'Revoke the invitation?' },
      confirm: { text: 'Revoke' },
      deny: { text: 'Cancel' },
      style: 'danger',
    });
    expect(revoke.confirm.text.text).toContain(emailOf(37));
    const after = await click(revoke);
    expect(after.replace_original).toBe(true);
    expect(after.blocks[0].text.text).toContain(`The invitation of ${emailOf(37)} is revoked`);
    // Still listed, as revoked: Re-send can invite them again.
    expect(after.blocks[1].text.text).toBe('*Open invitations matching “invitee3”* — all 10');
    const line = after.blocks.find(
      (block: any) => block.type === 'section' && block.text.text.startsWith(`*${emailOf(37)}*`),
    );
    expect(line.text.text).toContain('\nrevoked · no license');
    const stored = await t.db.invitation.findFirstOrThrow({ where: { user: { email: emailOf(37) } } });
    expect(stored.status).toBe('revoked');
  });

  it('Re-send shows the page again with the new state of the invitation', async () => {
    const page = await invites(emailOf(36));
    const resend = buttonOf(page, INVITATION_RESEND_ACTION, emailOf(36));
    const after = await click(resend);
    expect(after.replace_original).toBe(true);
    expect(after.blocks[0].text.text).toContain(`A new invitation to ${emailOf(36)} is on its way`);
    expect(emailsIn(after)).toEqual([emailOf(36)]);
    // Due again: going out, with a new expiry.
    expect(after.blocks[2].text.text).toContain('sent, going out');
  });

  it('a page button with a broken value says so and changes nothing', async () => {
    const before = await tableCounts(t.db);
    for (const value of ['{"s":"","o":-1}', '{"s":1}', '{junk', '{"id":"not-a-uuid","s":"","o":0}']) {
      const answer = await t.click(slackPersonOf(admin), {
        type: 'button',
        action_id: INVITATION_REVOKE_ACTION,
        value,
      });
      expect(answer.text).toMatch(/^That button is broken\.$|^That user is not in your companies/);
    }
    const paged = await t.click(slackPersonOf(admin), {
      type: 'button',
      action_id: `${INVITES_PAGE_ACTION}_next`,
      value: 'nonsense',
    });
    expect(paged.text).toBe('That page link is not valid any more; run /invites again.');
    expect(await tableCounts(t.db)).toEqual(before);
  });
});
