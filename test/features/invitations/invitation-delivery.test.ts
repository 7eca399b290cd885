import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  deliverDueInvitations,
  InvitationCourier,
  type InvitationEmail,
} from '../../../src/features/invitations/invitation-delivery.ts';
import { hashInvitationToken } from '../../../src/features/invitations/invitation-tokens.ts';
import { Mailer } from '../../../src/features/invitations/mailer.mail.ts';
import { serviceSettings } from '../../../src/slack/app.ts';
import { workspaceMembers } from '../../../src/slack/members.ts';
import { singleWorkspaceTokens } from '../../../src/slack/workspace-tokens.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { FakeSlack } from '../../support/fake-slack.ts';
import { testConfig } from '../../support/harness.ts';
import { captureLog } from '../../support/log-lines.ts';
import { seedOrganization, seedUser } from '../../support/fixtures.ts';
import { invitationLink } from '../../support/mail.ts';
import { LoopbackSmtp } from '../../support/smtp.ts';
import { waitFor } from '../../support/wait.ts';

// Claim, commit, call out, record: a slow mail server holds no transaction, and the link in an
// email works from the moment it can arrive.

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

async function invited(email: string, { bulk = false, dueMsAgo = 1000 } = {}) {
  const company = await seedOrganization(database.db, `Acme ${email}`);
  const user = await seedUser(database.db, company.id, { email, active: false, slackUserId: null });
  return database.db.invitation.create({
    data: {
      userId: user.id,
      status: 'sent',
      invitedBy: 'admin@acme.example',
      expiresAt: new Date(Date.now() + 86_400_000),
      deliverAt: new Date(Date.now() - dueMsAgo),
      bulk,
    },
  });
}

const nobodyInSlack = { findMember: async () => null, members: async () => new Map() };
const rowOf = (invitation: { id: string }) =>
  database.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
/** Nothing else due: each test starts from its own invitations. */
const clearDue = () => database.db.invitation.updateMany({ data: { deliverAt: null } });

it('sends the email with no transaction open: the row is not locked and the link already works', async () => {
  const invitation = await invited('slow@outside.example');
  let release!: () => void;
  let sent: InvitationEmail | undefined;
  const slowMail = {
    ...nobodyInSlack,
    sendEmail: (email: InvitationEmail) => {
      sent = email;
      return new Promise<void>((resolve) => (release = resolve));
    },
  };
  const delivering = deliverDueInvitations(database.db, slowMail);
  await waitFor(() => sent);
  const other = new pg.Client({ connectionString: database.url });
  await other.connect();
  try {
    // Another session can lock the row at once: nobody holds it while the mail server is slow.
    await other.query('BEGIN');
    const locked = await other.query('SELECT id FROM invitation WHERE id = $1 FOR UPDATE NOWAIT', [invitation.id]);
    expect(locked.rowCount).toBe(1);
    await other.query('ROLLBACK');
  } finally {
    await other.end();
  }
  const stored = await database.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
  expect(stored.tokenHash).toBe(hashInvitationToken(sent!.token));
  expect(await deliverDueInvitations(database.db, slowMail)).toBe(0); // claimed: not sent twice
  release();
  expect(await delivering).toBe(1);
  expect((await database.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).deliverAt).toBeNull();
});

it('a failed send is retried later with backoff, keeping the invitation due', async () => {
  const invitation = await invited('down@outside.example');
  const downMail = {
    ...nobodyInSlack,
    sendEmail: async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:2525');
    },
  };
  expect(await deliverDueInvitations(database.db, downMail)).toBe(0);
  const after = await database.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
  expect(after).toMatchObject({ deliveryAttempts: 1, lastError: 'connect ECONNREFUSED 127.0.0.1:2525' });
  expect(after.deliverAt!.getTime()).toBeGreaterThan(Date.now());
});

it('interactive before bulk: every claim takes a due interactive invitation first, however much older the bulk ones are', async () => {
  await clearDue();
  const bulk = await Promise.all(
    [0, 1, 2, 3].map((n) => invited(`bulk${n}@outside.example`, { bulk: true, dueMsAgo: 60_000 })),
  );
  const single = await invited('single@outside.example');
  const sent: string[] = [];
  const looked: string[] = [];
  let lists = 0;
  const channels = {
    findMember: async (_workspace: string, email: string) => (looked.push(email), null),
    members: async () => (lists++, new Map([['bulk2@outside.example', { teamId: 'T0', userId: 'U0BULK2' }]])),
    sendEmail: async (email: InvitationEmail) => void sent.push(email.to),
  };
  expect(await deliverDueInvitations(database.db, channels)).toBe(5);
  expect(sent[0]).toBe('single@outside.example');
  expect(sent.slice(1).sort()).toEqual(['bulk0@outside.example', 'bulk1@outside.example', 'bulk3@outside.example']);
  // The interactive one is looked up on its own; the bulk ones in one member list, read once.
  expect({ looked, lists }).toEqual({ looked: ['single@outside.example'], lists: 1 });
  expect(await rowOf(bulk[2]!)).toMatchObject({ deliveredVia: 'slack', slackUserId: 'U0BULK2', deliverAt: null });
  expect(await rowOf(single)).toMatchObject({ deliveredVia: 'email', deliverAt: null });
});

it('stops between invitations once its signal aborts: what it did not reach stays due, unclaimed', async () => {
  await clearDue();
  const rows = await Promise.all([0, 1, 2].map((n) => invited(`stop${n}@outside.example`)));
  const stop = new AbortController();
  const sent: string[] = [];
  const channels = {
    ...nobodyInSlack,
    sendEmail: async (email: InvitationEmail) => {
      sent.push(email.to);
      stop.abort(); // the courier is stopped while this email goes out
    },
  };
  expect(await deliverDueInvitations(database.db, channels, { signal: stop.signal })).toBe(1);
  expect(sent).toHaveLength(1);
  const after = await Promise.all(rows.map(rowOf));
  expect(after.filter((row) => row.deliverAt === null)).toHaveLength(1); // the one in flight finished
  for (const row of after.filter((row) => row.deliverAt !== null)) {
    expect(row.deliverAt!.getTime()).toBeLessThanOrEqual(Date.now()); // due now, not claimed for 5 minutes
    expect(row.deliveryAttempts).toBe(0);
  }
});

it('a claim the stop interrupts before any message went out is handed back, due as before', async () => {
  await clearDue();
  const row = await invited('handed-back@outside.example', { bulk: true });
  const stop = new AbortController();
  const channels = {
    ...nobodyInSlack,
    members: async (_workspace: string, signal?: AbortSignal) => {
      stop.abort(); // stopped while Slack's member list is being read
      signal!.throwIfAborted();
      return new Map();
    },
    sendEmail: async () => expect.unreachable('no email after the stop'),
  };
  expect(await deliverDueInvitations(database.db, channels, { signal: stop.signal })).toBe(0);
  expect(await rowOf(row)).toMatchObject({ deliverAt: row.deliverAt, deliveryAttempts: 0, lastError: null });
});

it('a Retry-After from Slack is honoured: the invitation waits at least that long, and the run leaves that kind alone', async () => {
  await clearDue();
  const rows = await Promise.all([0, 1].map((n) => invited(`limited${n}@outside.example`)));
  let lookups = 0;
  const limited = Object.assign(new Error('rate limited'), { retryAfterSeconds: 120 });
  const channels = {
    ...nobodyInSlack,
    findMember: async () => {
      lookups += 1;
      throw limited;
    },
    sendEmail: async () => expect.unreachable('no email without knowing whether they are in Slack'),
  };
  expect(await deliverDueInvitations(database.db, channels)).toBe(0);
  expect(lookups).toBe(1); // not asked again in the same run
  const [first, second] = await Promise.all(rows.map(rowOf));
  const waited = [first!, second!].find((row) => row.deliveryAttempts === 1)!;
  expect(waited.deliverAt!.getTime()).toBeGreaterThanOrEqual(Date.now() + 110_000);
  expect([first!, second!].find((row) => row.deliveryAttempts === 0)!.deliverAt!.getTime()).toBeLessThanOrEqual(
    Date.now(),
  );
});

it('an SMTP server that drops the connection: the invitation is retried, one email arrives, and its link works', async () => {
  await clearDue();
  const smtp = await new LoopbackSmtp().start();
  const mailer = new Mailer({
    smtpUrl: smtp.url,
    from: 'Switchboard <switchboard@test.invalid>',
    dropDir: '',
    publicUrl: 'http://127.0.0.1:1',
  });
  try {
    const row = await invited('dropped@outside.example');
    const channels = { ...nobodyInSlack, sendEmail: (email: InvitationEmail) => mailer.sendInvitation(email) };
    smtp.dropNext();
    expect(await deliverDueInvitations(database.db, channels)).toBe(0);
    const failed = await rowOf(row);
    expect(smtp.attempts).toBe(1);
    expect(smtp.received).toHaveLength(0);
    expect(failed.deliveryAttempts).toBe(1);
    expect(failed.lastError).toBeTruthy();
    expect(failed.deliverAt!.getTime()).toBeGreaterThan(Date.now()); // due again after the backoff

    // After the backoff: sent again, accepted once.
    const later = new Date(failed.deliverAt!.getTime() + 1000);
    expect(await deliverDueInvitations(database.db, channels, { now: later })).toBe(1);
    expect(await deliverDueInvitations(database.db, channels, { now: new Date(later.getTime() + 600_000) })).toBe(0);
    expect(smtp.to('dropped@outside.example')).toHaveLength(1);
    const token = invitationLink(smtp.received[0]!.raw).split('/').at(-1)!;
    const delivered = await rowOf(row);
    expect(delivered.tokenHash).toBe(hashInvitationToken(token)); // the link in the email works
    expect(delivered.deliverAt).toBeNull();
  } finally {
    mailer.close();
    await smtp.stop();
  }
});

it('a users.lookupByEmail slower than the 5 s transaction limit: nothing rolls back, the offer is queued once', async () => {
  await clearDue();
  const slack = await new FakeSlack('xoxb-delivery').start();
  try {
    slack.addUser({ id: 'U0SLOW', teamId: 'T0', name: 'slow', realName: 'Slow Member', email: 'slow@acme.example' });
    slack.failNext('users.lookupByEmail', { kind: 'slow', delayMs: 6_000 });
    const row = await invited('slow@acme.example');
    const channels = {
      ...workspaceMembers(singleWorkspaceTokens('xoxb-delivery'), slack.apiUrl),
      sendEmail: async () => expect.unreachable('a workspace member is offered it in Slack'),
    };
    const delivering = deliverDueInvitations(database.db, channels);
    await waitFor(() => slack.callsTo('users.lookupByEmail').length);
    expect(await deliverDueInvitations(database.db, channels)).toBe(0); // claimed meanwhile: not twice
    expect(await delivering).toBe(1);
    expect(await rowOf(row)).toMatchObject({ deliveredVia: 'slack', slackUserId: 'U0SLOW', deliverAt: null });
    const offers = await database.db.outboxMessage.findMany({ where: { destination: 'U0SLOW' } });
    expect(offers.map((offer) => (offer.notice as { type: string }).type)).toEqual(['invitation.offer']);
    expect(slack.callsTo('users.lookupByEmail')).toHaveLength(1);
  } finally {
    await slack.stop();
  }
}, 20_000);

it('the courier stopped while an email hangs: stop() returns within 2 s, and the invitation, still claimed, is delivered once its claim runs out', async () => {
  await clearDue();
  const row = await invited('hanging@outside.example');
  let hung = false;
  let finish!: () => void;
  const hanging = {
    ...nobodyInSlack,
    sendPasswordMessage: () => Promise.reject(new Error('no password links in this test')),
    sendPasswordEmail: () => Promise.reject(new Error('no password links in this test')),
    sendEmail: () => {
      hung = true;
      return new Promise<void>((resolve) => (finish = resolve));
    },
  };
  const courier = new InvitationCourier(database.db, serviceSettings(testConfig()), hanging, captureLog().logger, 10);
  courier.start();
  await waitFor(() => hung, { what: 'the email under way' });
  const started = Date.now();
  await courier.stop();
  const stopMs = Date.now() - started;
  expect(stopMs).toBeLessThan(2_000);
  const claimed = await rowOf(row);
  expect(claimed.deliverAt!.getTime()).toBeGreaterThan(Date.now() + 200_000); // claimed: nobody sends it twice
  const sent: string[] = [];
  const working = { ...nobodyInSlack, sendEmail: async (email: InvitationEmail) => void sent.push(email.to) };
  expect(await deliverDueInvitations(database.db, working)).toBe(0); // still claimed: no second email meanwhile
  // Had the process ended there, the claim runs out after five minutes and the invitation goes out.
  const later = new Date(claimed.deliverAt!.getTime() + 1000);
  expect(await deliverDueInvitations(database.db, working, { now: later })).toBe(1);
  expect(sent).toEqual(['hanging@outside.example']);
  const retried = await rowOf(row);
  finish(); // the abandoned attempt ends late: its record is conditional on its claim, so it changes nothing
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(await rowOf(row)).toMatchObject({ tokenHash: retried.tokenHash, deliverAt: null, deliveryAttempts: 0 });
  console.log(`courier stop() mid-send: ${stopMs} ms`);
});
