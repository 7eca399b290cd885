import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../src/core/passwords.ts';
import { RESET_PASSWORD_ACTION } from '../../../src/features/users/card/user-card.blocks.ts';
import { seedOrganization, seedUser, slackPersonOf, tableCounts } from '../../support/fixtures.ts';
import { startTestApp, type TestApp } from '../../support/harness.ts';
import { invitationLink } from '../../support/mail.ts';
import { stateValues } from '../../support/slack-requests.ts';
import { LoopbackSmtp } from '../../support/smtp.ts';
import { waitFor } from '../../support/wait.ts';

type Stored = Awaited<ReturnType<typeof seedUser>>;
let t: TestApp;
let smtp: LoopbackSmtp;
let admin: Stored;
let linked: Stored;
let unlinked: Stored;

beforeAll(async () => {
  smtp = await new LoopbackSmtp().start();
  t = await startTestApp({ smtpUrl: smtp.url });
  const acme = await seedOrganization(t.db, 'Acme');
  admin = await seedUser(t.db, acme.id, { admin: true, firstName: 'Grace', lastName: 'Hopper' });
  linked = await seedUser(t.db, acme.id, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.example' });
  unlinked = await seedUser(t.db, acme.id, {
    firstName: 'Bob',
    lastName: 'Builder',
    email: 'bob@acme.example',
    slackUserId: null,
  });
});
afterAll(async () => {
  await t?.stop();
  await smtp?.stop();
});
beforeEach(async () => {
  const passwordHash = await hashPassword('old-secret-1');
  await t.db.user.updateMany({ where: { id: { in: [linked.id, unlinked.id] } }, data: { passwordHash } });
  await t.db.passwordLink.deleteMany();
  await t.resetSlack();
});

const reload = (user: { id: string }) =>
  t.db.user.findUniqueOrThrow({
    where: { id: user.id },
    include: { passwordLinks: { orderBy: { createdAt: 'asc' } } },
  });

/** Clicks Reset password on the card and returns the modal that opens. */
async function openReset(user: { id: string }) {
  const { version } = await reload(user);
  await t.press(slackPersonOf(admin), {
    type: 'button',
    action_id: RESET_PASSWORD_ACTION,
    value: JSON.stringify({ id: user.id, v: version }),
  });
  return (await waitFor(() => t.slack.callsTo('views.open')[0], { what: 'the Reset password form' })).args.view;
}

/** Submits Reset password with this choice and what was typed. */
async function submitReset(user: { id: string }, choice: string | undefined, typed: Record<string, string> = {}) {
  const { version } = await reload(user);
  const values = {
    ...stateValues({ password: undefined, passwordConfirmation: undefined, ...typed }),
    ...(choice ? { passwordChoice: { value: { type: 'radio_buttons', selected_option: { value: choice } } } } : {}),
  };
  const answer = await t.submitView(slackPersonOf(admin), {
    callbackId: 'reset_password',
    privateMetadata: JSON.stringify({ id: user.id, v: version }),
    values,
  });
  return answer.json();
}

const dmLink = async (slackUserId: string, nth = 0) => {
  const calls = await waitFor(() => {
    const dms = t.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === slackUserId && JSON.stringify(c.args.blocks).includes('Set my password'));
    return dms.length > nth ? dms : undefined;
  });
  const blocks = calls[nth]!.args.blocks as any[];
  return blocks.flatMap((block) => block.elements ?? []).find((element: any) => element.type === 'button')
    .url as string;
};

describe('Reset password', () => {
  it('asks how: "Send them a link" chosen, typing with its warning, or generating; says where the link goes', async () => {
    const view = await openReset(linked);
    const choice = view.blocks.find((block: any) => block.block_id === 'passwordChoice');
    expect(choice.element.options.map((option: any) => option.text.text)).toEqual([
      'Send them a link (recommended)',
      'Type one now — Slack sees what you type',
      'Generate one, shown once to you',
    ]);
    expect(choice.element.initial_option.value).toBe('link');
    expect(view.blocks[0].text.text).toContain(
      `A link goes to <@${linked.slackUserId}> as a Slack DM (or by email if Slack can't reach them)`,
    );
    await t.resetSlack();
    expect((await openReset(unlinked)).blocks[0].text.text).toContain('A link goes to bob@acme.example by email');
  });

  it('by default sends a linked user a DM with the link; the old password stops working; a second reset replaces the link', async () => {
    const answer = await submitReset(linked, 'link');
    expect(answer.response_action).toBe('update');
    expect(answer.view.blocks[0].text.text).toContain(
      "A link to set a new password is on its way to Ada Lovelace, as a Slack DM (or by email to ada@acme.example if Slack can't reach them). It works once and expires in 14 days; their old password no longer works.",
    );
    const user = await reload(linked);
    expect(user.passwordHash).toBeNull();
    const first = await dmLink(linked.slackUserId!);
    const card = JSON.stringify(await (await t.command(slackPersonOf(admin), '/users', 'ada@acme.example')).json());
    expect(card).toContain('Password: not set — link sent by Slack DM');

    await submitReset(linked, 'link');
    const second = await dmLink(linked.slackUserId!, 1);
    expect(second).not.toBe(first);
    const replaced = await fetch(first);
    expect(replaced.status).toBe(410);
    expect(await replaced.text()).toContain(
      'This link was replaced: an admin sent you a newer one, set your password, or changed your Slack account or email since.',
    );
    const set = await fetch(second, {
      method: 'POST',
      body: new URLSearchParams({ password: 'brand-new-1', passwordConfirmation: 'brand-new-1' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(set.status).toBe(200);
    expect(await verifyPassword((await reload(linked)).passwordHash!, 'brand-new-1')).toBe(true);
  });

  it('a user linked to no Slack account gets the link by email', async () => {
    const answer = await submitReset(unlinked, 'link');
    expect(answer.view.blocks[0].text.text).toContain('by email to bob@acme.example');
    const mail = await waitFor(() => smtp.to('bob@acme.example').at(-1), { what: 'the email' });
    expect((await fetch(invitationLink(mail.raw))).status).toBe(200);
  });

  it('a typed password still works, and stops a link that was still open', async () => {
    await submitReset(linked, 'link');
    const link = await dmLink(linked.slackUserId!);
    const answer = await submitReset(linked, 'type', {
      password: 'typed-secret-1',
      passwordConfirmation: 'typed-secret-1',
    });
    expect(answer.view.blocks[0].text.text).toContain('The password of Ada Lovelace was reset.');
    expect(await verifyPassword((await reload(linked)).passwordHash!, 'typed-secret-1')).toBe(true);
    expect((await fetch(link)).status).toBe(410);
    const audit = await t.db.auditEvent.findMany({ where: { action: 'user.password_reset' }, orderBy: { id: 'asc' } });
    expect(audit.slice(-2).map((event) => event.after)).toEqual([
      { generated: false, linkSent: true, mustChangePassword: false },
      { generated: false, linkSent: false, mustChangePassword: false },
    ]);
  });

  it.each([
    [
      '"Type one now" with two different passwords',
      'type',
      { password: 'abcdefg', passwordConfirmation: 'abcdefh' },
      'passwordConfirmation',
      'not the same',
    ],
    [
      '"Type one now" with a short one',
      'type',
      { password: 'abc', passwordConfirmation: 'abc' },
      'password',
      'at least 6 characters',
    ],
    [
      'a password typed with "Send them a link"',
      'link',
      { password: 'abcdefg', passwordConfirmation: 'abcdefg' },
      'password',
      'You chose to send them a link',
    ],
    [
      'a password typed with "Generate one"',
      'generate',
      { password: 'abcdefg' },
      'password',
      'You chose to generate one',
    ],
  ])('refuses %s on its field and changes nothing', async (_, choice, typed, block, words) => {
    const before = await tableCounts(t.db);
    const body = await submitReset(linked, choice, typed);
    expect(body.errors[block]).toContain(words);
    expect(await tableCounts(t.db)).toEqual(before);
    expect(await verifyPassword((await reload(linked)).passwordHash!, 'old-secret-1')).toBe(true);
  });

  it('refuses someone invited who has not joined: their invitation sets their password', async () => {
    const invited = await seedUser(t.db, (await reload(linked)).organizationId, { active: false, slackUserId: null });
    await t.db.user.update({ where: { id: invited.id }, data: { invitedAt: new Date() } });
    await t.db.invitation.create({
      data: { userId: invited.id, status: 'waiting_license', invitedBy: 'Grace Hopper' },
    });
    const clicked = await t.click(slackPersonOf(admin), {
      type: 'button',
      action_id: RESET_PASSWORD_ACTION,
      value: JSON.stringify({ id: invited.id, v: (await reload(invited)).version }),
    });
    expect(JSON.stringify(clicked)).toContain('has not joined yet: they choose their password when they accept');
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
    const before = await tableCounts(t.db);
    const body = await submitReset(invited, 'link');
    expect(JSON.stringify(body.view)).toContain(
      'has not joined yet: they choose their password when they accept their invitation',
    );
    expect(await tableCounts(t.db)).toEqual(before);
  });
});
