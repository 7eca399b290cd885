import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import {
  deliverDuePasswordLinks,
  type PasswordLinkMessage,
} from '../../../src/features/invitations/password-link-delivery.ts';
import { singleWorkspaceTokens } from '../../../src/slack/workspace-tokens.ts';
import { passwordLinkMessenger } from '../../../src/features/invitations/password-link-message.slack.ts';
import { hashInvitationToken } from '../../../src/features/invitations/invitation-tokens.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { FakeSlack } from '../../support/fake-slack.ts';
import { seedOrganization, seedUser } from '../../support/fixtures.ts';
import { BOT_TOKEN } from '../../support/harness.ts';

// The courier's set-password links, driven directly (the clock and Slack's answers in the test's
// hands): the real Slack adapter against the strict fake, the email captured.

let database: TestDatabase;
let slack: FakeSlack;
beforeAll(async () => {
  database = await createTestDatabase();
  slack = await new FakeSlack(BOT_TOKEN).start();
});
afterAll(async () => {
  await slack.stop();
  await database.drop();
});
beforeEach(async () => {
  await database.db.passwordLink.updateMany({ data: { deliverAt: null } });
  slack.reset();
});

async function linkFor(email: string, slackUserId: string | null) {
  const company = await seedOrganization(database.db, `Acme ${email}`);
  const user = await seedUser(database.db, company.id, { email, slackUserId });
  return database.db.passwordLink.create({
    data: {
      userId: user.id,
      sentBy: 'Grace Hopper',
      expiresAt: new Date(Date.now() + 86_400_000),
      deliverAt: new Date(Date.now() - 1000),
    },
  });
}

function channels() {
  const emails: PasswordLinkMessage[] = [];
  return {
    emails,
    sendPasswordMessage: passwordLinkMessenger(
      singleWorkspaceTokens(BOT_TOKEN),
      slack.apiUrl,
      'https://switchboard.example',
    ),
    sendPasswordEmail: async (message: PasswordLinkMessage) => void emails.push(message),
  };
}

const rowOf = (link: { id: string }) => database.db.passwordLink.findUniqueOrThrow({ where: { id: link.id } });

it('a linked user gets the DM, and the email is not sent; the stored hash is the token’s', async () => {
  const link = await linkFor('linked@acme.example', 'ULINKED1');
  const via = channels();
  expect(await deliverDuePasswordLinks(database.db, via)).toBe(1);
  const [dm] = slack.callsTo('chat.postMessage');
  expect(dm!.args.channel).toBe('ULINKED1');
  const url = JSON.stringify(dm!.args.blocks).match(/https:\/\/switchboard\.example\/invites\/([A-Za-z0-9_-]{43})/)!;
  const row = await rowOf(link);
  expect([row.tokenHash, row.deliveredVia, row.deliverAt]).toEqual([hashInvitationToken(url[1]!), 'slack', null]);
  expect(via.emails).toHaveLength(0);
});

it('a linked account Slack can no longer reach (user_disabled) gets the email instead, at once', async () => {
  const link = await linkFor('gone@acme.example', 'UGONE001');
  slack.failNext('chat.postMessage', { kind: 'platformError', error: 'user_disabled' });
  const via = channels();
  expect(await deliverDuePasswordLinks(database.db, via)).toBe(1);
  expect(via.emails.map((email) => email.to)).toEqual(['gone@acme.example']);
  const row = await rowOf(link);
  expect([row.tokenHash, row.deliveredVia, row.deliverAt]).toEqual([
    hashInvitationToken(via.emails[0]!.token),
    'email',
    null,
  ]);
});

it('Slack rate limited: the link stays due for at least its Retry-After, and no email goes out meanwhile', async () => {
  const link = await linkFor('busy@acme.example', 'UBUSY001');
  slack.failNext('chat.postMessage', { kind: 'rateLimited', retryAfterSeconds: 120 });
  const via = channels();
  const now = new Date();
  expect(await deliverDuePasswordLinks(database.db, via, { now })).toBe(0);
  const row = await rowOf(link);
  expect(row.deliveryAttempts).toBe(1);
  expect(row.lastError).toContain('rate limited');
  expect(row.deliverAt!.getTime()).toBeGreaterThanOrEqual(now.getTime() + 120_000);
  expect(via.emails).toHaveLength(0);
  // Once due again it goes out.
  expect(await deliverDuePasswordLinks(database.db, via, { now: new Date(now.getTime() + 121_000) })).toBe(1);
  expect((await rowOf(link)).deliveredVia).toBe('slack');
});

it('a replaced or used link is not delivered', async () => {
  const replaced = await linkFor('replaced@acme.example', null);
  await database.db.passwordLink.update({ where: { id: replaced.id }, data: { replacedAt: new Date() } });
  const used = await linkFor('used@acme.example', null);
  await database.db.passwordLink.update({ where: { id: used.id }, data: { usedAt: new Date() } });
  const via = channels();
  expect(await deliverDuePasswordLinks(database.db, via)).toBe(0);
  expect(via.emails).toHaveLength(0);
});
