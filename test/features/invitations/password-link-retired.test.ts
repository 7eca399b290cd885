import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/index.ts';
import { verifyPassword } from '../../../src/core/passwords.ts';
import { seedOrganization, seedUser, slackPersonOf, tableCounts } from '../../support/fixtures.ts';
import { NOTIFY_CHANNEL, resetToAdmin, startTestApp, TEAM_ID, type TestApp } from '../../support/harness.ts';
import { invitationLink } from '../../support/mail.ts';
import { addUserValues } from '../../support/add-user-form.ts';
import { stateValues } from '../../support/slack-requests.ts';
import { LoopbackSmtp } from '../../support/smtp.ts';
import { waitFor } from '../../support/wait.ts';

// A set-password link stops working when it may have gone to the wrong place or the wrong person:
// the Slack account it was DM'd to is no longer theirs, their email changed, or they were deactivated.
let t: TestApp;
let smtp: LoopbackSmtp;
let org: { id: string };
let admin: Awaited<ReturnType<typeof seedUser>>;
const cliLines: string[] = [];
const cli = (...args: string[]) =>
  runCli(
    args,
    (line) => cliLines.push(line),
    (line) => cliLines.push(line),
  );

beforeAll(async () => {
  smtp = await new LoopbackSmtp().start();
  t = await startTestApp({ smtpUrl: smtp.url });
  process.env.DATABASE_URL = t.database.url;
  process.env.NOTIFY_CHANNEL = NOTIFY_CHANNEL;
  org = await seedOrganization(t.db, 'Acme');
  admin = await seedUser(t.db, org.id, { admin: true, firstName: 'Grace', lastName: 'Hopper' });
});
afterAll(async () => {
  await t?.stop();
  await smtp?.stop();
});
beforeEach(() => resetToAdmin(t, admin));

const seedAda = (email: string, slackUserId: string | null) =>
  seedUser(t.db, org.id, { firstName: 'Ada', lastName: 'Lovelace', email, slackUserId });
const reload = (user: { id: string }) =>
  t.db.user.findUniqueOrThrow({
    where: { id: user.id },
    include: { passwordLinks: { orderBy: { createdAt: 'asc' } } },
  });

/** Reset password → "Send them a link", through the card's button and the modal's submission. */
async function resetByLink(user: { id: string }) {
  const { version } = await reload(user);
  const answer = await t.submitView(slackPersonOf(admin), {
    callbackId: 'reset_password',
    privateMetadata: JSON.stringify({ id: user.id, v: version }),
    values: {
      ...stateValues({ password: undefined, passwordConfirmation: undefined }),
      passwordChoice: { value: { type: 'radio_buttons', selected_option: { value: 'link' } } },
    },
  });
  expect((await answer.json()).response_action).toBe('update');
}

/** The link in the nth set-password DM to this Slack user, once the courier has sent it. */
async function dmLink(slackUserId: string, nth = 0) {
  const dms = await waitFor(
    () => {
      const sent = t.slack
        .callsTo('chat.postMessage')
        .filter((c) => c.args.channel === slackUserId && JSON.stringify(c.args.blocks).includes('Set my password'));
      return sent.length > nth ? sent : undefined;
    },
    { what: `set-password DM ${nth + 1} to ${slackUserId}` },
  );
  const blocks = dms[nth]!.args.blocks as any[];
  return blocks.flatMap((block) => block.elements ?? []).find((element: any) => element.type === 'button')
    .url as string;
}

const emailLink = async (to: string) =>
  invitationLink((await waitFor(() => smtp.to(to)[0], { what: `the set-password email to ${to}` })).raw);

const delivered = (user: { id: string }) =>
  waitFor(async () => (await reload(user)).passwordLinks.every((link) => link.deliveredAt || link.replacedAt));

const choose = (url: string, password: string) =>
  fetch(url, {
    method: 'POST',
    body: new URLSearchParams({ password, passwordConfirmation: password }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

const REPLACED =
  'This link was replaced: an admin sent you a newer one, set your password, or changed your Slack account';

/** The link is refused with these words, on the page and when used, and using it changes nothing. */
async function expectRefused(url: string, status: number, words: string) {
  const page = await fetch(url);
  expect([page.status, (await page.text()).includes(words)]).toEqual([status, true]);
  const before = await tableCounts(t.db);
  const users = await t.db.user.findMany({ orderBy: { id: 'asc' } });
  const used = await choose(url, 'not-set-by-this');
  expect([used.status, (await used.text()).includes(words)]).toEqual([status, true]);
  expect(await tableCounts(t.db)).toEqual(before);
  expect(await t.db.user.findMany({ orderBy: { id: 'asc' } })).toEqual(users);
}

describe('a set-password link when the Slack account changes', () => {
  it('linked to another account (CLI): the DM to the previous one stops working; a new link goes to the new one', async () => {
    const ada = await seedAda('ada@acme.example', 'U0WRONG1');
    await resetByLink(ada);
    const wrong = await dmLink('U0WRONG1');
    await delivered(ada);

    expect(await cli('users', 'link', 'ada@acme.example', '--slack-user', 'U0RIGHT1')).toBe(0);
    await expectRefused(wrong, 410, REPLACED);
    const right = await dmLink('U0RIGHT1');
    // Sent on behalf of whoever asked for the first one, named with their email.
    const dm = t.slack
      .callsTo('chat.postMessage')
      .find((c) => c.args.channel === 'U0RIGHT1' && c.args.text.includes('set your Switchboard password'))!;
    expect(dm.args.text).toContain(`Grace Hopper (${admin.email}) sent you a link to set your Switchboard password`);
    expect((await choose(right, 'right-person-1')).status).toBe(200);
    expect(await verifyPassword((await reload(ada)).passwordHash!, 'right-person-1')).toBe(true);
  });

  it('unlinked (CLI): the DM stops working, and the new link goes by email', async () => {
    const ada = await seedAda('ada.unlinked@acme.example', 'U0WRONG2');
    await resetByLink(ada);
    const wrong = await dmLink('U0WRONG2');
    await delivered(ada);

    expect(await cli('users', 'unlink', 'ada.unlinked@acme.example')).toBe(0);
    await expectRefused(wrong, 410, REPLACED);
    const mailed = await emailLink('ada.unlinked@acme.example');
    expect((await choose(mailed, 'by-email-now-1')).status).toBe(200);
  });

  it('a link already used is left as it is: linking another account changes no password and sends nothing', async () => {
    const ada = await seedAda('ada.used@acme.example', 'U0USED01');
    await resetByLink(ada);
    const url = await dmLink('U0USED01');
    expect((await choose(url, 'chosen-once-1')).status).toBe(200);

    expect(await cli('users', 'link', 'ada.used@acme.example', '--slack-user', 'U0USED02')).toBe(0);
    const links = (await reload(ada)).passwordLinks;
    expect(links.map((link) => [Boolean(link.usedAt), Boolean(link.replacedAt)])).toEqual([[true, false]]);
    expect(await verifyPassword((await reload(ada)).passwordHash!, 'chosen-once-1')).toBe(true);
  });
});

describe('a set-password link of a deactivated user', () => {
  it('is refused in words on the page, sets nothing, and stays stopped after reactivating', async () => {
    const ada = await seedAda('ada.gone@acme.example', null);
    await resetByLink(ada);
    const url = await emailLink('ada.gone@acme.example');
    await delivered(ada);

    const click = async (action: 'deactivate' | 'reactivate') =>
      t.click(slackPersonOf(admin), {
        type: 'button',
        action_id: `user_${action}`,
        value: JSON.stringify({ id: ada.id, v: (await reload(ada)).version }),
      });
    await click('deactivate');
    expect((await reload(ada)).active).toBe(false);
    await expectRefused(url, 403, 'This link no longer works: your Switchboard account is not active.');
    expect(await (await fetch(url)).text()).toContain('<title>Account not active');
    expect((await reload(ada)).passwordHash).toBeNull();

    await click('reactivate');
    expect((await reload(ada)).active).toBe(true);
    await expectRefused(url, 410, REPLACED);
  });
});

describe('a set-password link when the login email changes', () => {
  it('the link emailed to the old address stops working once the owner confirms; a new one goes to the new address', async () => {
    t.slack.addUser({ id: 'U0NEWBOB', teamId: TEAM_ID, name: 'bob', realName: 'Bob', email: 'bob@new.example' });
    const bob = await seedUser(t.db, org.id, {
      firstName: 'Bob',
      lastName: 'Builder',
      email: 'bob@old.example',
      slackUserId: null,
    });
    await resetByLink(bob);
    const old = await emailLink('bob@old.example');
    await delivered(bob);

    const values = addUserValues({
      email: 'bob@new.example',
      firstName: 'Bob',
      lastName: 'Builder',
      organizationId: org.id,
      privileges: ['active'],
    } as never);
    const saved = await t.submitView(slackPersonOf(admin), {
      callbackId: 'edit_user',
      values,
      privateMetadata: JSON.stringify({ id: bob.id, v: (await reload(bob)).version }),
    });
    expect(saved.status).toBe(200);
    // Pending until the owner confirms: the link still works meanwhile.
    expect((await fetch(old)).status).toBe(200);
    const dm = await waitFor(() => t.slack.messagesIn('U0NEWBOB')[0], { what: 'the email confirmation' });
    const confirm = dm.blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id === 'email_confirm');
    await t.click(
      { userId: 'U0NEWBOB', teamId: TEAM_ID },
      { type: 'button', action_id: 'email_confirm', value: confirm.value },
    );
    expect((await reload(bob)).email).toBe('bob@new.example');

    await expectRefused(old, 410, REPLACED);
    const fresh = await emailLink('bob@new.example');
    expect((await choose(fresh, 'new-address-1')).status).toBe(200);
    expect(await verifyPassword((await reload(bob)).passwordHash!, 'new-address-1')).toBe(true);
  });
});

describe('using a set-password link', () => {
  it('locks the user before the link, as Reset password does, so the two never deadlock', async () => {
    const ada = await seedAda('ada.locks@acme.example', null);
    await resetByLink(ada);
    const url = await emailLink('ada.locks@acme.example');
    await delivered(ada);
    const [link] = (await reload(ada)).passwordLinks;

    // Hold Ada's row as Reset password does, then send the page's form: it waits for the user's lock
    // without holding the link's, so this transaction can still take the link's lock at once.
    let used: Promise<Response> | undefined;
    await t.db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM "user" WHERE id = ${ada.id}::uuid FOR UPDATE`;
        used = choose(url, 'after-the-lock-1');
        await waitFor(
          async () =>
            (
              await t.db.$queryRaw<{ n: number }[]>`
                SELECT count(*)::int AS n FROM pg_stat_activity
                WHERE wait_event_type = 'Lock' AND datname = current_database()`
            )[0]!.n > 0,
          { what: 'the page waiting for the user’s lock' },
        );
        await tx.$queryRaw`SELECT id FROM password_link WHERE id = ${link!.id}::uuid FOR UPDATE NOWAIT`;
      },
      { timeout: 30_000 },
    );
    expect((await used!).status).toBe(200);
    expect(await verifyPassword((await reload(ada)).passwordHash!, 'after-the-lock-1')).toBe(true);
  });
});
