import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deliverDueInvitations, type InvitationEmail } from '../../../src/features/invitations/invitation-delivery.ts';
import { hashInvitationToken } from '../../../src/features/invitations/invitation-tokens.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { seedOrganization, seedUser } from '../../support/fixtures.ts';
import { waitFor } from '../../support/wait.ts';

// Claim, commit, call out, record: a slow mail server holds no transaction, and the link in an
// email works from the moment it can arrive.

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

async function invited(email: string) {
  const company = await seedOrganization(database.db, `Acme ${email}`);
  const user = await seedUser(database.db, company.id, { email, active: false, slackUserId: null });
  return database.db.invitation.create({
    data: {
      userId: user.id,
      status: 'sent',
      invitedBy: 'admin@acme.example',
      expiresAt: new Date(Date.now() + 86_400_000),
      deliverAt: new Date(Date.now() - 1000),
    },
  });
}

const nobodyInSlack = { findMember: async () => null };

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
