import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../src/cli/index.ts';
import { INVITATION_ACCEPT_ACTION } from '../../../../src/features/invitations/invitation-notices.blocks.ts';
import { INVITE_BLOCKS, INVITE_VIEW } from '../../../../src/features/invitations/invite-form.blocks.ts';
import { seedOrganization, seedUser, slackPersonOf } from '../../../support/fixtures.ts';
import { NOTIFY_CHANNEL, startTestApp, TEAM_ID, type TestApp } from '../../../support/harness.ts';
import { waitFor } from '../../../support/wait.ts';

// An invited user whom the operator linked to their Slack account before they joined: the
// link is theirs, so accepting the invitation in Slack works.
let t: TestApp;
let admin: Awaited<ReturnType<typeof seedUser>>;
let acme: { id: string };
const MEMBER = { id: 'U0MEMBER', teamId: TEAM_ID, name: 'mia', realName: 'Mia Member', email: 'mia@acme.example' };
const lines: string[] = [];

beforeAll(async () => {
  t = await startTestApp();
  process.env.DATABASE_URL = t.database.url;
  process.env.NOTIFY_CHANNEL = NOTIFY_CHANNEL;
  acme = await seedOrganization(t.db, 'Acme');
  admin = await seedUser(t.db, acme.id, { admin: true });
  t.slack.addUser(MEMBER);
  const meet = await t.db.product.create({ data: { name: 'Meet', key: 'meet' } });
  await t.db.licensePool.create({ data: { organizationId: acme.id, productId: meet.id, seats: 2 } });
});
afterAll(() => t.stop());

async function invite(email: string) {
  const response = await t.submitView(slackPersonOf(admin), {
    callbackId: INVITE_VIEW,
    values: {
      [INVITE_BLOCKS.company]: { company: { type: 'static_select', selected_option: { value: acme.id } } },
      [INVITE_BLOCKS.product]: { value: { type: 'static_select', selected_option: { value: 'Meet' } } },
      [INVITE_BLOCKS.email(0)]: { value: { type: 'plain_text_input', value: email } },
      [INVITE_BLOCKS.license(0)]: { value: { type: 'checkboxes', selected_options: [{ value: 'on' }] } },
    },
    privateMetadata: JSON.stringify({ rows: 1 }),
  });
  expect((await response.json()).view.blocks[0].text.text).toContain('1 invitation to Acme is on its way');
  return waitFor(async () => {
    const found = await t.db.invitation.findFirst({ where: { user: { email } } });
    return found?.deliveredVia === 'slack' ? found : undefined;
  });
}

describe('an invited user linked by the operator before joining', () => {
  it('is warned about on the command line, and accepts their own invitation in Slack', async () => {
    const invitation = await invite(MEMBER.email);
    const cli = (...args: string[]) =>
      runCli(
        args,
        (line) => lines.push(line),
        (line) => lines.push(line),
      );
    expect(await cli('users', 'link', MEMBER.email, '--slack-user', MEMBER.id)).toBe(0);
    expect(lines[1]).toBe(
      'Warning: the user has not joined yet, so Switchboard acts for them once they accept their invitation.',
    );
    const answer = await t.click(
      { userId: MEMBER.id, teamId: TEAM_ID },
      { type: 'button', action_id: INVITATION_ACCEPT_ACTION, value: invitation.id },
    );
    expect(answer.text).toContain('your Switchboard user mia@acme.example is active');
    const user = await t.db.user.findUniqueOrThrow({ where: { email: MEMBER.email } });
    expect([user.active, user.invitedAt, user.slackUserId]).toEqual([true, null, MEMBER.id]);
  });
});
