import { addDays } from 'date-fns';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expireInvitations } from '../../../src/features/invitations/invitation-delivery.ts';
import {
  INVITATION_ACCEPT_ACTION,
  INVITATION_DECLINE_ACTION,
} from '../../../src/features/invitations/invitation-notices.blocks.ts';
import {
  INVITE_ADD_ROW_ACTION,
  INVITE_BLOCKS,
  INVITE_VIEW,
} from '../../../src/features/invitations/invite-form.blocks.ts';
import { LIFECYCLE_ACTIONS } from '../../../src/features/users/card/user-card.blocks.ts';
import {
  INVITATION_RESEND_ACTION,
  INVITATION_REVOKE_ACTION,
} from '../../../src/features/invitations/invitations.blocks.ts';
import { seedOrganization, seedUser, slackPersonOf, tableCounts } from '../../support/fixtures.ts';
import { INVITES_CHANNEL, startTestApp, TEAM_ID, type TestApp } from '../../support/harness.ts';
import { droppedMail, invitationLink } from '../../support/mail.ts';
import type { StateValues } from '../../support/slack-requests.ts';
import { waitFor } from '../../support/wait.ts';

type Stored = Awaited<ReturnType<typeof seedUser>>;
let t: TestApp;
let admin: Stored;
let viewer: Stored;
let west: { id: string };
const MEMBER = { id: 'U0MEMBER', teamId: TEAM_ID, name: 'mia', realName: 'Mia Member', email: 'mia@acme.example' };

beforeAll(async () => {
  t = await startTestApp();
  const acme = await seedOrganization(t.db, 'Acme');
  west = await seedOrganization(t.db, 'Acme West', acme.id);
  admin = await seedUser(t.db, acme.id, { admin: true });
  viewer = await seedUser(t.db, acme.id, { portalAccess: true });
  await seedUser(t.db, west.id, { email: 'existing@acme.example' });
  t.slack.addUser(MEMBER);
  const meet = await t.db.product.create({ data: { name: 'Meet', key: 'meet' } });
  await t.db.licensePool.create({ data: { organizationId: west.id, productId: meet.id, seats: 2 } });
});
afterAll(() => t.stop());
beforeEach(async () => {
  await t.db.user.deleteMany({ where: { invitedAt: { not: null } } });
  await t.db.user.deleteMany({ where: { email: MEMBER.email } });
  await t.db.outboxMessage.deleteMany();
  await t.resetSlack();
});

/** The modal's state: rows of [email, license on?], the company and the product. */
function inviteState(rows: [string, boolean][], product: string | null = 'Meet', company = west.id): StateValues {
  const values: StateValues = {
    [INVITE_BLOCKS.company]: { company: { type: 'static_select', selected_option: { value: company } } },
    [INVITE_BLOCKS.product]: { value: { type: 'static_select', selected_option: product ? { value: product } : null } },
  };
  rows.forEach(([email, license], row) => {
    values[INVITE_BLOCKS.email(row)] = { value: { type: 'plain_text_input', value: email } };
    values[INVITE_BLOCKS.license(row)] = {
      value: { type: 'checkboxes', selected_options: license ? [{ value: 'on' }] : [] },
    };
  });
  return values;
}

const submit = async (rows: [string, boolean][], product?: string | null, as = admin) =>
  (
    await t.submitView(slackPersonOf(as), {
      callbackId: INVITE_VIEW,
      values: inviteState(rows, product),
      privateMetadata: JSON.stringify({ rows: rows.length }),
    })
  ).json();

const invitationOf = (email: string) =>
  t.db.invitation.findFirst({ where: { user: { email } }, include: { user: { include: { licenses: true } } } });

describe('/inviteusers', () => {
  it('opens a form with an email row, a license toggle, the product, "+ Add more" and a file upload', async () => {
    const response = await t.command(slackPersonOf(admin), '/inviteusers', 'new@acme.example');
    expect(response.status).toBe(200);
    const view = (await waitFor(() => t.slack.callsTo('views.open')[0])).args.view;
    const blockIds = view.blocks.map((block: { block_id?: string }) => block.block_id);
    expect(blockIds).toEqual(expect.arrayContaining(['row0', 'license0', 'product', 'more', 'file', 'organizationId']));
    expect(JSON.stringify(view)).toContain('new@acme.example');
    expect(JSON.stringify(view)).toContain('file_input');
  });

  it('"+ Add more" adds a row and keeps what was typed, up to ten rows', async () => {
    const values = inviteState([['kept@acme.example', false]]);
    await t.press(
      slackPersonOf(admin),
      { type: 'button', action_id: INVITE_ADD_ROW_ACTION, value: '' },
      { view: { id: 'VINVITE', callbackId: INVITE_VIEW, values, privateMetadata: JSON.stringify({ rows: 1 }) } },
    );
    const update = await waitFor(() => t.slack.callsTo('views.update')[0]);
    const blocks = update.args.view.blocks as { block_id?: string; element?: Record<string, any> }[];
    expect(blocks.filter((block) => /^row\d$/.test(block.block_id ?? ''))).toHaveLength(2);
    const first = blocks.find((block) => block.block_id === 'row0')!;
    expect(first.element!.initial_value).toBe('kept@acme.example');
    expect(blocks.find((block) => block.block_id === 'license0')!.element!.initial_options).toBeUndefined();
    const ten = Array.from({ length: 10 }, (_, i): [string, boolean] => [`p${i}@acme.example`, true]);
    await t.press(
      slackPersonOf(admin),
      { type: 'button', action_id: INVITE_ADD_ROW_ACTION, value: '' },
      {
        view: {
          id: 'VINVITE',
          callbackId: INVITE_VIEW,
          values: inviteState(ten),
          privateMetadata: JSON.stringify({ rows: 10 }),
        },
      },
    );
    const full = (await waitFor(() => t.slack.callsTo('views.update')[1])).args.view;
    expect(full.blocks.filter((block: { block_id?: string }) => /^row\d+$/.test(block.block_id ?? ''))).toHaveLength(
      10,
    );
    expect(JSON.stringify(full)).not.toContain(INVITE_ADD_ROW_ACTION);
  });

  it('invites: license on takes a seat and goes out (Slack DM to a member, email otherwise); off waits', async () => {
    const answer = await submit([
      [MEMBER.email, true],
      ['Nina@Outside.example', true],
      ['wait@acme.example', false],
    ]);
    expect(answer.response_action).toBe('update');
    expect(JSON.stringify(answer.view)).toContain('1 person is listed and waits for a license');
    expect(JSON.stringify(answer.view)).toContain(
      `No mail server is set up (SMTP_URL), so those emails are written as .eml files to ${t.config.mail.dropDir}`,
    );
    const invited = await t.db.user.findMany({ where: { invitedAt: { not: null } }, orderBy: { email: 'asc' } });
    expect(invited.map((user) => [user.email, user.active, user.passwordHash])).toEqual([
      ['mia@acme.example', false, null],
      ['nina@outside.example', false, null],
      ['wait@acme.example', false, null],
    ]);
    expect(await t.db.licenseAssignment.count({ where: { user: { invitedAt: { not: null } } } })).toBe(2);
    // The DM with Accept / Decline for the workspace member.
    const dm = await waitFor(() => t.slack.messagesIn(MEMBER.id)[0], { what: 'the invitation DM' });
    expect(dm.text).toContain('invited you (mia@acme.example) to join Acme West');
    expect(JSON.stringify(dm.blocks)).toContain(INVITATION_ACCEPT_ACTION);
    // The email for the outsider, filed as .eml since no SMTP server is set.
    const mail = await waitFor(async () => (await droppedMail(t.config.mail.dropDir))[0], { what: 'the email' });
    expect(mail.raw).toContain('To: nina@outside.example');
    expect(invitationLink(mail.raw)).toMatch(new RegExp(`^${t.baseUrl}/invites/[A-Za-z0-9_-]{43}$`));
    // The token is stored when the courier's transaction commits, just after the mail is filed.
    await waitFor(async () => (await invitationOf('nina@outside.example'))?.tokenHash, { what: 'the stored token' });
    expect((await invitationOf('nina@outside.example'))!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(mail.raw).not.toContain((await invitationOf('nina@outside.example'))!.tokenHash);
    // Nothing for the one waiting for a license; one notice per invitation in the invites channel
    // (queued together, they may go as one digest message).
    expect((await invitationOf('wait@acme.example'))!.status).toBe('waiting_license');
    expect((await droppedMail(t.config.mail.dropDir)).some((m) => m.raw.includes('wait@acme.example'))).toBe(false);
    const announced = await waitFor(() => {
      const text = t.slack
        .messagesIn(INVITES_CHANNEL)
        .map((m) => m.text)
        .join('\n');
      return ['mia@acme.example', 'nina@outside.example', 'wait@acme.example'].every((email) => text.includes(email))
        ? text
        : undefined;
    });
    expect(announced).toContain('wait@acme.example was invited to Acme › Acme West');
    expect(announced).toContain('waiting for a license');
  });

  it('retries delivery with backoff when Slack fails, and delivers once it answers', async () => {
    t.slack.failNext('users.lookupByEmail', { kind: 'serverError', status: 503 });
    await submit([[MEMBER.email, true]]);
    const failed = await waitFor(async () => {
      const found = await invitationOf(MEMBER.email);
      return found?.deliveryAttempts === 1 ? found : undefined;
    });
    expect(failed.deliverAt!.getTime()).toBeGreaterThan(Date.now());
    expect(failed.lastError).toBeTruthy();
    expect(t.slack.messagesIn(MEMBER.id)).toHaveLength(0);
    await t.db.invitation.update({ where: { id: failed.id }, data: { deliverAt: new Date() } }); // the backoff passes
    await waitFor(() => t.slack.messagesIn(MEMBER.id)[0], { what: 'the invitation DM after the retry' });
    expect((await invitationOf(MEMBER.email))!.deliveredVia).toBe('slack');
  });

  it('lists the invited as invited, not as deactivated', async () => {
    await submit([['wait@acme.example', false]]);
    const listing = await (await t.command(slackPersonOf(admin), '/users', 'is:invited')).json();
    expect(JSON.stringify(listing)).toContain('wait@acme.example');
    const deactivated = await (await t.command(slackPersonOf(admin), '/users', 'is:deactivated')).json();
    expect(JSON.stringify(deactivated)).not.toContain('wait@acme.example');
  });

  it('the card of someone invited shows the invitation with Re-send and Revoke, and no Reactivate', async () => {
    await submit([['card@outside.example', false]]);
    const card = await (await t.command(slackPersonOf(admin), '/users', 'card@outside.example')).json();
    const text = JSON.stringify(card);
    expect(text).toContain('Invitation: listed, waiting for a license');
    expect(text).toContain(INVITATION_RESEND_ACTION);
    expect(text).toContain(INVITATION_REVOKE_ACTION);
    expect(text).not.toContain(LIFECYCLE_ACTIONS.reactivate);
    const user = await t.db.user.findUniqueOrThrow({ where: { email: 'card@outside.example' } });
    const refused = await t.click(slackPersonOf(admin), {
      type: 'button',
      action_id: LIFECYCLE_ACTIONS.reactivate,
      value: JSON.stringify({ id: user.id, v: user.version }),
    });
    expect(JSON.stringify(refused)).toContain('has not accepted their invitation yet');
    expect((await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).active).toBe(false);
  });

  it('turning a license on sends a waiting invitation; turning it off takes a sent one back', async () => {
    await submit([['later@outside.example', false]]);
    const on = await (await t.command(slackPersonOf(admin), '/licenses', 'assign later@outside.example Meet')).json();
    expect(on.text).toContain('Their invitation goes out now');
    await waitFor(async () =>
      (await droppedMail(t.config.mail.dropDir)).some((m) => m.raw.includes('later@outside.example')),
    );
    const off = await (await t.command(slackPersonOf(admin), '/licenses', 'revoke later@outside.example Meet')).json();
    expect(off.text).toContain('link no longer works');
    const invitation = (await invitationOf('later@outside.example'))!;
    expect([invitation.status, invitation.tokenHash]).toEqual(['waiting_license', null]);
  });

  it.each([
    [[['not-an-email', true]], 'row0', 'Enter an email address such as name@example.com.'],
    [
      [
        ['a@acme.example', true],
        ['A@acme.example', true],
      ],
      'row1',
      'a@acme.example is on an earlier row already.',
    ],
    [[['existing@acme.example', true]], 'row0', 'existing@acme.example already is a user'],
    [[['', false]], 'row0', 'Enter the email of at least one person to invite.'],
    [
      [
        ['x@acme.example', true],
        ['y@acme.example', true],
        ['z@acme.example', true],
      ],
      'product',
      '3 Meet seats are needed but only 2 are free',
    ],
  ] as [[string, boolean][], string, string][])(
    'refuses %j with a message on its row, and changes nothing',
    async (rows, block, message) => {
      const before = await tableCounts(t.db);
      const answer = await submit(rows);
      expect(answer.response_action, JSON.stringify(answer)).toBe('errors');
      expect(Object.keys(answer.errors)).toEqual([block]);
      expect(answer.errors[block]).toContain(message);
      expect(await tableCounts(t.db)).toEqual(before);
    },
  );

  it('shows every problem at once, each on its row (seats on the product), and changes nothing', async () => {
    await submit([['twice@acme.example', false]]);
    const before = await tableCounts(t.db);
    const answer = await submit([
      ['not-an-email', true],
      ['a@acme.example', true],
      ['A@acme.example', true],
      ['existing@acme.example', true],
      ['twice@acme.example', false],
      ['b@acme.example', true],
      ['c@acme.example', true],
    ]);
    expect(answer.response_action).toBe('errors');
    expect(answer.errors).toEqual({
      row0: 'Enter an email address such as name@example.com.',
      row2: 'a@acme.example is on an earlier row already.',
      row3: 'existing@acme.example already is a user; find them with /users.',
      row4: 'twice@acme.example is invited already; find them with /users.',
      product:
        '4 Meet seats are needed but only 2 are free in Acme West (0 of 2 in use). Add seats with /licenses add Meet <seats>.',
    });
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('refuses a license without a product, someone already invited, and a non-admin', async () => {
    const before = await tableCounts(t.db);
    expect((await submit([['p@acme.example', true]], null)).errors.product).toContain('Choose the product');
    expect(await tableCounts(t.db)).toEqual(before);
    await submit([['twice@acme.example', false]]);
    expect((await submit([['twice@acme.example', false]])).errors.row0).toContain('is invited already');
    const refused = await submit([['p@acme.example', false]], 'Meet', viewer);
    expect(JSON.stringify(refused)).toContain('This needs the Admin privilege');
  });
});

describe('accepting or declining in Slack', () => {
  it('Accept links the Slack account, makes the user Active with the name Slack has, and is announced', async () => {
    await submit([[MEMBER.email, true]]);
    const invitation = (await waitFor(async () => {
      const found = await invitationOf(MEMBER.email);
      return found?.deliveredVia === 'slack' ? found : undefined;
    }))!;
    const stranger = await t.click(
      { userId: 'U0OTHER', teamId: TEAM_ID },
      { type: 'button', action_id: INVITATION_ACCEPT_ACTION, value: invitation.id },
    );
    expect(stranger.text).toBe('This invitation was sent to someone else.');
    const answer = await t.click(
      { userId: MEMBER.id, teamId: TEAM_ID },
      { type: 'button', action_id: INVITATION_ACCEPT_ACTION, value: invitation.id },
    );
    expect(answer.text).toContain('your Switchboard user mia@acme.example is active');
    const user = await t.db.user.findUniqueOrThrow({ where: { email: MEMBER.email } });
    expect([user.active, user.invitedAt, user.slackUserId, user.firstName, user.lastName]).toEqual([
      true,
      null,
      MEMBER.id,
      'Mia',
      'Member',
    ]);
    await waitFor(() =>
      t.slack
        .messagesIn(INVITES_CHANNEL)
        .some((m) => m.text.includes('accepted the invitation and joined Acme West from Slack')),
    );
    const again = await t.click(
      { userId: MEMBER.id, teamId: TEAM_ID },
      { type: 'button', action_id: INVITATION_ACCEPT_ACTION, value: invitation.id },
    );
    expect(again.text).toContain('has been used already');
  });

  it('Decline frees the seat; the person stays listed', async () => {
    await submit([[MEMBER.email, true]]);
    const invitation = (await waitFor(async () => {
      const found = await invitationOf(MEMBER.email);
      return found?.deliveredVia === 'slack' ? found : undefined;
    }))!;
    const answer = await t.click(
      { userId: MEMBER.id, teamId: TEAM_ID },
      { type: 'button', action_id: INVITATION_DECLINE_ACTION, value: invitation.id },
    );
    expect(answer.text).toBe('You declined the invitation to Acme West.');
    const after = (await invitationOf(MEMBER.email))!;
    expect([after.status, after.user.licenses.length, after.user.active]).toEqual(['declined', 0, false]);
  });
});

describe('/invites: re-send, revoke, expiry', () => {
  it('lists open invitations with their state; re-send renews the link, revoke frees the seat and kills it', async () => {
    await submit([['rita@outside.example', true]]);
    const firstMail = await waitFor(async () =>
      (await droppedMail(t.config.mail.dropDir)).find((m) => m.raw.includes('rita@outside.example')),
    );
    const list = await (await t.command(slackPersonOf(admin), '/invites', 'rita')).json();
    expect(JSON.stringify(list)).toMatch(/sent by email, expires in 14 days/);
    const rita = (await invitationOf('rita@outside.example'))!;
    const resent = await t.click(slackPersonOf(admin), {
      type: 'button',
      action_id: INVITATION_RESEND_ACTION,
      value: rita.userId,
    });
    expect(resent.text).toContain(
      'A new invitation to rita@outside.example is on its way; the old link no longer works',
    );
    await waitFor(
      async () =>
        (await droppedMail(t.config.mail.dropDir)).filter((m) => m.raw.includes('rita@outside.example')).length === 2,
    );
    const old = await fetch(invitationLink(firstMail.raw));
    expect(old.status).toBe(410);
    expect(await old.text()).toContain('This invitation link was replaced by a newer one');
    const revoked = await t.click(slackPersonOf(admin), {
      type: 'button',
      action_id: INVITATION_REVOKE_ACTION,
      value: rita.userId,
    });
    expect(revoked.text).toContain('1 seat is free again');
    const after = (await invitationOf('rita@outside.example'))!;
    expect([after.status, after.user.licenses.length]).toEqual(['revoked', 0]);
    const again = await t.click(slackPersonOf(admin), {
      type: 'button',
      action_id: INVITATION_RESEND_ACTION,
      value: rita.userId,
    });
    expect(again.text).toContain('holds no license, so no invitation can go out');
    await waitFor(() =>
      t.slack.messagesIn(INVITES_CHANNEL).some((m) => m.text.includes('had their invitation to Acme West revoked')),
    );
  });

  it('answers a mangled or unknown invitation link with the "not valid" page', async () => {
    for (const path of ['/invites/%E0%A4%A', '/invites/not-a-token']) {
      const page = await fetch(`${t.baseUrl}${path}`);
      expect(page.status).toBe(404);
      expect(await page.text()).toContain('Link not valid');
    }
  });

  it('expires invitations whose time ran out, in one notice', async () => {
    await submit([
      ['old1@outside.example', true],
      ['old2@outside.example', true],
    ]);
    expect(await expireInvitations(t.db, t.config, addDays(new Date(), 13))).toBe(0);
    expect(await expireInvitations(t.db, t.config, addDays(new Date(), 15))).toBe(2);
    expect((await invitationOf('old1@outside.example'))!.status).toBe('expired');
    const notice = await waitFor(() =>
      t.slack.messagesIn(INVITES_CHANNEL).find((m) => m.text.includes('expired unanswered')),
    );
    expect(notice.text).toContain('2 invitations expired unanswered: old1@outside.example, old2@outside.example');
  });
});
