import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../../src/core/passwords.ts';
import { addUserValues, validAda, type AddUserFields } from '../../support/add-user-form.ts';
import { seedOrganization, seedUser, slackPersonOf, tableCounts } from '../../support/fixtures.ts';
import { resetToAdmin, startTestApp, TEAM_ID, type TestApp } from '../../support/harness.ts';
import { decodeQuotedPrintable, invitationLink } from '../../support/mail.ts';
import { LoopbackSmtp } from '../../support/smtp.ts';
import { waitFor } from '../../support/wait.ts';
import { checkMessage } from '../../support/block-kit-limits.ts';
import { passwordLinkDirectMessage } from '../../../src/features/invitations/password-link.blocks.ts';

let t: TestApp;
let smtp: LoopbackSmtp;
let customer: { id: string };
let admin: Awaited<ReturnType<typeof seedUser>>;

beforeAll(async () => {
  smtp = await new LoopbackSmtp().start();
  t = await startTestApp({ smtpUrl: smtp.url });
  const reseller = await seedOrganization(t.db, 'Reseller');
  customer = await seedOrganization(t.db, 'Customer <One>', reseller.id);
  admin = await seedUser(t.db, reseller.id, { admin: true, firstName: 'Grace', lastName: 'Hopper' });
});
afterAll(async () => {
  await t?.stop();
  await smtp?.stop();
});
beforeEach(() => resetToAdmin(t, admin));

/** Ada, with "How will they get a password?" left at its default: a link. */
const adaByLink = (email: string): AddUserFields => ({
  ...validAda(customer.id),
  email,
  password: undefined,
  passwordConfirmation: undefined,
});

async function addUser(fields: AddUserFields) {
  const answer = await t.submitView(slackPersonOf(admin), { callbackId: 'add_user', values: addUserValues(fields) });
  const text = await answer.text();
  return text ? JSON.parse(text) : {};
}

/** The set-password DM posted to this Slack user, once the courier has sent it. */
async function passwordDm(slackUserId: string) {
  const call = await waitFor(
    () =>
      t.slack
        .callsTo('chat.postMessage')
        .find((c) => c.args.channel === slackUserId && JSON.stringify(c.args.blocks).includes('Set my password')),
    { what: `the set-password DM to ${slackUserId}` },
  );
  const button = call.args.blocks
    .flatMap((block: any) => block.elements ?? [])
    .find((element: any) => element.type === 'button');
  return { text: call.args.text as string, blocks: call.args.blocks, url: button.url as string };
}

const post = (url: string, fields: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

const cardOf = async (email: string) =>
  JSON.stringify(await (await t.command(slackPersonOf(admin), '/users', email)).json());

const stored = (email: string) => t.db.user.findUniqueOrThrow({ where: { email }, include: { passwordLinks: true } });

describe('/adduser: how will they get a password?', () => {
  it('asks, with "Send them a link" chosen and the warning that Slack sees a typed one; no false hint', async () => {
    await t.command(slackPersonOf(admin), '/adduser');
    const view = (await waitFor(() => t.slack.callsTo('views.open')[0])).args.view;
    const choice = view.blocks.find((block: any) => block.block_id === 'passwordChoice');
    expect(choice.label.text).toBe('How will they get a password?');
    expect(choice.element.type).toBe('radio_buttons');
    expect(choice.element.options.map((option: any) => option.text.text)).toEqual([
      'Send them a link (recommended)',
      'Type one now — Slack sees what you type',
    ]);
    expect(choice.element.initial_option.value).toBe('link');
    const password = view.blocks.find((block: any) => block.block_id === 'password');
    expect(password.optional).toBe(true);
    expect(password.hint.text).toContain('Slack sees what you type');
    expect(JSON.stringify(view)).not.toContain('never shown or sent anywhere');
  });

  it('by default a linked workspace member gets a DM with a button; the page sets the password once', async () => {
    t.slack.addUser({
      id: 'UADA0001',
      teamId: TEAM_ID,
      name: 'ada',
      realName: 'Ada Lovelace',
      email: 'ada@member.example',
    });
    expect((await addUser(adaByLink('ada@member.example'))).response_action).not.toBe('errors');
    const created = await stored('ada@member.example');
    expect(created.passwordHash).toBeNull();
    expect(created.slackUserId).toBe('UADA0001');
    expect(created.passwordLinks).toHaveLength(1);

    const dm = await passwordDm('UADA0001');
    expect(dm.text).toContain(
      `Grace Hopper (${admin.email}) sent you a link to set your Switchboard password (ada@member.example`,
    );
    expect(JSON.stringify(dm.blocks)).toContain('You type your password on Switchboard');
    expect(dm.url.startsWith(`${t.baseUrl}/invites/`)).toBe(true);
    const token = dm.url.split('/').at(-1)!;
    // Only the token's hash is stored; the token is in no notice, audit event or row.
    const link = await waitFor(async () => {
      const [latest] = (await stored('ada@member.example')).passwordLinks;
      return latest?.deliveredAt && latest;
    });
    expect(link.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(link.deliveredVia).toBe('slack');
    const stores = JSON.stringify([await t.db.outboxMessage.findMany(), await t.db.auditEvent.findMany()], (_, v) =>
      typeof v === 'bigint' ? String(v) : v,
    );
    expect(stores).not.toContain(token);
    expect(smtp.to('ada@member.example')).toHaveLength(0);
    // The admin's confirmation says how the password comes.
    await waitFor(() =>
      t.slack
        .messagesIn(admin.slackUserId!)
        .some((m) =>
          JSON.stringify(m.blocks).includes(
            "Password: a link to set it goes to them as a Slack DM (or by email if Slack can't reach them)",
          ),
        ),
    );
    expect(await cardOf('ada@member.example')).toMatch(
      /Password: not set — link sent by Slack DM <!date\^\d+\^[^>]*>, expires/,
    );

    const page = await fetch(dm.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<title>Set your password for Switchboard · Switchboard</title>');
    expect(html).toContain('ada@member.example');
    expect(html).not.toContain('First name');
    expect(html).not.toContain('invitation');

    const done = await post(dm.url, { password: 'difference-engine', passwordConfirmation: 'difference-engine' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Your password is set');
    const after = await stored('ada@member.example');
    expect(await verifyPassword(after.passwordHash!, 'difference-engine')).toBe(true);
    expect(after.passwordLinks[0]!.usedAt).not.toBeNull();
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'user.password_set' } });
    expect([audit.actorLabel, audit.after]).toEqual(['ada@member.example', { via: 'link' }]);
    const trail = await t.db.auditEvent.findMany({ select: { before: true, after: true } });
    expect(JSON.stringify(trail)).not.toContain('difference-engine');
    expect(await cardOf('ada@member.example')).toContain('Password: set');

    // The second use is refused in words, and changes nothing.
    const before = await tableCounts(t.db);
    const again = await post(dm.url, { password: 'another-one-1', passwordConfirmation: 'another-one-1' });
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('This link has been used already: your password is set.');
    expect(await tableCounts(t.db)).toEqual(before);
    expect(await verifyPassword((await stored('ada@member.example')).passwordHash!, 'difference-engine')).toBe(true);
    const reopened = await fetch(dm.url);
    expect([reopened.status, (await reopened.text()).includes('Link already used')]).toEqual([410, true]);
  });

  it('someone who is not a workspace member gets an email (loopback SMTP) with the link', async () => {
    expect((await addUser(adaByLink('bob@outside.example'))).response_action).not.toBe('errors');
    const mail = await waitFor(() => smtp.to('bob@outside.example')[0], { what: 'the set-password email' });
    expect(mail.raw).toContain('Subject: Set your password for Switchboard (Customer <One>)');
    expect(decodeQuotedPrintable(mail.raw)).toContain(
      `Grace Hopper (${admin.email}) asked Switchboard to send you this link`,
    );
    const link = invitationLink(mail.raw);
    await waitFor(() =>
      t.slack
        .messagesIn(admin.slackUserId!)
        .some((m) => JSON.stringify(m.blocks).includes('Password: a link to set it goes to them by email')),
    );
    expect(t.slack.callsTo('chat.postMessage').some((c) => JSON.stringify(c.args).includes('Set my password'))).toBe(
      false,
    );
    await waitFor(async () => (await stored('bob@outside.example')).passwordLinks[0]!.deliveredAt);
    expect(await cardOf('bob@outside.example')).toContain('Password: not set — link sent by email');

    const page = await fetch(link);
    expect(await page.text()).toContain(
      'Choose the password you will sign in with as <strong>bob@outside.example</strong>',
    );
    expect((await post(link, { password: 'secret1', passwordConfirmation: 'secret1' })).status).toBe(200);
    expect(await verifyPassword((await stored('bob@outside.example')).passwordHash!, 'secret1')).toBe(true);
  });

  it.each([
    [
      { password: 'secret1', passwordConfirmation: 'secret2' },
      'passwordConfirmation',
      'The two passwords are not the same',
    ],
    [{ password: '12345', passwordConfirmation: '12345' }, 'password', 'The password needs at least 6 characters'],
    [{ password: '', passwordConfirmation: '' }, 'password', 'The password needs at least 6 characters'],
  ])('the page refuses %j in words and changes nothing; the link still works', async (typed, field, words) => {
    const email = `cy${typed.password.length}@outside.example`;
    await addUser(adaByLink(email));
    const link = invitationLink((await waitFor(() => smtp.to(email)[0])).raw);
    await waitFor(async () => (await stored(email)).passwordLinks[0]!.deliveredAt);
    const before = await tableCounts(t.db);
    const refused = await post(link, typed);
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain(`id="${field}-error" role="alert">${words}`);
    expect(html).not.toContain(typed.password || 'never-typed');
    expect(await tableCounts(t.db)).toEqual(before);
    const user = await stored(email);
    expect([user.passwordHash, user.passwordLinks[0]!.usedAt]).toEqual([null, null]);
    expect((await fetch(link)).status).toBe(200);
  });

  it('an expired link says so, and sets nothing', async () => {
    await addUser(adaByLink('dee@outside.example'));
    const link = invitationLink((await waitFor(() => smtp.to('dee@outside.example')[0])).raw);
    const user = await stored('dee@outside.example');
    await t.db.passwordLink.updateMany({
      where: { userId: user.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const refused = await post(link, { password: 'secret1', passwordConfirmation: 'secret1' });
    expect(refused.status).toBe(410);
    expect(await refused.text()).toContain('This link has expired. Ask an admin of your company to send you a new one');
    expect((await stored('dee@outside.example')).passwordHash).toBeNull();
    expect(await cardOf('dee@outside.example')).toContain('Password: not set — the link expired');
  });

  it('typing a password stays possible as a choice: stored hashed, and no link goes out', async () => {
    const added = await addUser({ ...validAda(customer.id), email: 'eve@outside.example', passwordChoice: 'type' });
    expect(added.response_action).not.toBe('errors');
    const user = await stored('eve@outside.example');
    expect(await verifyPassword(user.passwordHash!, 'analytical-engine')).toBe(true);
    expect(user.passwordLinks).toHaveLength(0);
    expect(await cardOf('eve@outside.example')).toContain('Password: set');
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'user.created' } });
    expect(JSON.stringify(audit.after)).not.toContain('analytical-engine');
  });

  it.each([
    [
      'a password typed with "Send them a link" chosen',
      { passwordChoice: 'link', password: 'secret1' },
      'password',
      'You chose to send them a link: clear the password, or choose “Type one now”.',
    ],
    [
      '"Type one now" with nothing typed',
      { passwordChoice: 'type', password: '' },
      'password',
      'The password needs at least 6 characters.',
    ],
    [
      '"Type one now" with two different passwords',
      { passwordChoice: 'type', password: 'secret1', passwordConfirmation: 'secret2' },
      'passwordConfirmation',
      'The two passwords are not the same; type the password again.',
    ],
    [
      '"Type one now" with a short one',
      { passwordChoice: 'type', password: 'abc' },
      'password',
      'The password needs at least 6 characters.',
    ],
  ] as const)('refuses %s on its field, and changes nothing', async (_, fields, block, words) => {
    const before = await tableCounts(t.db);
    const answer = await addUser({ ...validAda(customer.id), email: 'fay@outside.example', ...fields });
    expect(answer).toEqual({ response_action: 'errors', errors: { [block]: words } });
    expect(await tableCounts(t.db)).toEqual(before);
  });
});

describe('the set-password DM', () => {
  it('fits Slack with the longest name, email and company, and keeps mrkdwn out of them', () => {
    const longest = {
      to: `${'e'.repeat(64)}@${'d'.repeat(185)}.example`,
      fullName: 'N'.repeat(201),
      company: '<!channel> & '.repeat(8) + 'C'.repeat(96),
      sentBy: '<@U123> '.repeat(25),
      token: 'T'.repeat(43),
      expiresAt: new Date('2030-01-01T00:00:00Z'),
    };
    const message = passwordLinkDirectMessage(longest, `https://${'h'.repeat(200)}.example`);
    expect(checkMessage(message)).toEqual([]);
    expect(JSON.stringify(message)).not.toContain('<!channel>');
    expect(JSON.stringify(message)).not.toContain('<@U123>');
  });
});
