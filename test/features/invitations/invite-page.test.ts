import { existsSync } from 'node:fs';
import { addDays } from 'date-fns';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../../src/core/passwords.ts';
import { INVITE_BLOCKS, INVITE_VIEW } from '../../../src/features/invitations/invite-form.blocks.ts';
import {
  INVITATION_RESEND_ACTION,
  INVITATION_REVOKE_ACTION,
} from '../../../src/features/invitations/invitations.blocks.ts';
import { seedOrganization, seedUser, slackPersonOf, tableCounts } from '../../support/fixtures.ts';
import { INVITES_CHANNEL, startTestApp, type TestApp } from '../../support/harness.ts';
import { invitationLink } from '../../support/mail.ts';
import { LoopbackSmtp } from '../../support/smtp.ts';
import { waitFor } from '../../support/wait.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let t: TestApp;
let smtp: LoopbackSmtp;
let browser: Browser;
let admin: Awaited<ReturnType<typeof seedUser>>;
let west: { id: string };

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  smtp = await new LoopbackSmtp().start();
  t = await startTestApp({ smtpUrl: smtp.url });
  const acme = await seedOrganization(t.db, 'Acme');
  west = await seedOrganization(t.db, 'Acme <West>', acme.id);
  admin = await seedUser(t.db, acme.id, { admin: true });
  const meet = await t.db.product.create({ data: { name: 'Meet', key: 'meet' } });
  await t.db.licensePool.create({ data: { organizationId: west.id, productId: meet.id, seats: 10 } });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.stop();
  await smtp?.stop();
});

/** Invites `email` through /inviteusers and returns the link from the email the SMTP server got. */
async function invite(email: string): Promise<string> {
  const answer = await t.submitView(slackPersonOf(admin), {
    callbackId: INVITE_VIEW,
    privateMetadata: JSON.stringify({ rows: 1 }),
    values: {
      [INVITE_BLOCKS.company]: { company: { type: 'static_select', selected_option: { value: west.id } } },
      [INVITE_BLOCKS.product]: { value: { type: 'static_select', selected_option: { value: 'Meet' } } },
      [INVITE_BLOCKS.email(0)]: { value: { type: 'plain_text_input', value: email } },
      [INVITE_BLOCKS.license(0)]: { value: { type: 'checkboxes', selected_options: [{ value: 'on' }] } },
    },
  });
  expect((await answer.json()).response_action).toBe('update');
  const mail = await waitFor(() => smtp.to(email).at(-1), { what: `the email to ${email}` });
  return invitationLink(mail.raw);
}

async function fillAndAccept(page: Page, password: string, again = password) {
  await page.getByLabel('First name').fill('Nina');
  await page.getByLabel('Last name').fill('Newcomer');
  await page.getByLabel('Password (at least 6 characters)').fill(password);
  await page.getByLabel('Password again').fill(again);
  await page.getByRole('button', { name: 'Accept invitation' }).click();
  await page.waitForLoadState();
}

describe('the invitation page, in Chromium', () => {
  it('opens from the email, checks the password, and accepting makes the user Active; the link works once', async () => {
    const link = await invite('nina@outside.example');
    const mail = smtp.to('nina@outside.example')[0]!.raw;
    expect(mail).toContain('Subject: You are invited to Acme <West> on Switchboard');
    const page = await browser.newPage();
    await page.goto(link);
    expect(await page.title()).toBe('Join Acme <West> · Switchboard');
    expect(await page.locator('body').innerText()).toContain('nina@outside.example');
    expect(await page.locator('body').innerText()).toContain('expires in 14 days');

    await fillAndAccept(page, 'secret1', 'secret2');
    expect((await page.getByRole('alert').innerText()).trim()).toBe(
      'The two passwords are not the same; type the password again.',
    );
    expect(await page.getByLabel('First name').inputValue()).toBe('Nina');
    expect((await t.db.user.findUniqueOrThrow({ where: { email: 'nina@outside.example' } })).active).toBe(false);
    await fillAndAccept(page, '12345');
    expect((await page.getByRole('alert').innerText()).trim()).toBe('The password needs at least 6 characters.');

    await fillAndAccept(page, 'correct horse');
    expect((await page.locator('h1').innerText()).trim()).toBe('Welcome to Switchboard');
    const user = await t.db.user.findUniqueOrThrow({ where: { email: 'nina@outside.example' } });
    expect([user.active, user.invitedAt, user.firstName, user.lastName]).toEqual([true, null, 'Nina', 'Newcomer']);
    expect(await verifyPassword(user.passwordHash!, 'correct horse')).toBe(true);
    await waitFor(() =>
      t.slack
        .messagesIn(INVITES_CHANNEL)
        .some((m) => m.text.includes('joined Acme &lt;West&gt; from the invitation page')),
    );

    const reused = await page.goto(link);
    expect(reused!.status()).toBe(410);
    expect((await page.locator('h1').innerText()).trim()).toBe('Invitation already used');
    await page.close();
  });

  it.each([
    [
      'tampered',
      async (link: string) => link.slice(0, -1) + (link.endsWith('A') ? 'B' : 'A'),
      404,
      'Link not valid',
      'Check that you copied all of it',
    ],
    [
      'replaced',
      async (link: string, userId: string) => {
        const resent = await t.click(slackPersonOf(admin), {
          type: 'button',
          action_id: INVITATION_RESEND_ACTION,
          value: userId,
        });
        expect(resent.text).toContain('the old link no longer works');
        return link;
      },
      410,
      'Invitation link replaced',
      'This invitation link was replaced by a newer one: use the link in the latest message or email you got from Switchboard.',
    ],
    [
      'held',
      async (link: string, userId: string) => {
        const { email } = await t.db.user.findUniqueOrThrow({ where: { id: userId } });
        const off = await (await t.command(slackPersonOf(admin), '/licenses', `revoke ${email} Meet`)).json();
        expect(off.text).toContain('Their invitation is on hold');
        return link;
      },
      409,
      'Invitation on hold',
      'This invitation is on hold until you are given a license; ask Pat Person',
    ],
    [
      'revoked',
      async (link: string, userId: string) => {
        await t.click(slackPersonOf(admin), { type: 'button', action_id: INVITATION_REVOKE_ACTION, value: userId });
        return link;
      },
      410,
      'Invitation withdrawn',
      'This invitation was withdrawn by an admin.',
    ],
    [
      'expired',
      async (link: string, userId: string) => {
        await t.db.invitation.update({ where: { userId }, data: { expiresAt: addDays(new Date(), -1) } });
        return link;
      },
      410,
      'Invitation expired',
      'This invitation has expired.',
    ],
  ] as const)(
    'the %s link shows a clear page, and submitting it anyway changes nothing',
    async (kind, spoil, status, title, words) => {
      const email = `${kind}@outside.example`;
      const link = await invite(email);
      const { id } = await t.db.user.findUniqueOrThrow({ where: { email } });
      const spoilt = await spoil(link, id);
      const page = await browser.newPage();
      const shown = await page.goto(spoilt);
      expect(shown!.status()).toBe(status);
      expect((await page.locator('h1').innerText()).trim()).toBe(title);
      expect(await page.locator('body').innerText()).toContain(words);
      if (kind !== 'tampered') expect(await page.locator('body').innerText()).not.toContain('copied all of it');
      const before = await tableCounts(t.db);
      const form = new URLSearchParams({
        firstName: 'X',
        lastName: 'Y',
        password: 'secret1',
        passwordConfirmation: 'secret1',
      });
      const posted = await fetch(spoilt, {
        method: 'POST',
        body: form,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(posted.status).toBe(status);
      expect(await tableCounts(t.db)).toEqual(before);
      const user = await t.db.user.findUniqueOrThrow({ where: { email } });
      expect([user.active, user.passwordHash]).toEqual([false, null]);
      await page.close();
    },
  );
});
