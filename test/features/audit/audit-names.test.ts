import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUserValues, validAda } from '../../support/add-user-form.ts';
import { runSwitchboard } from '../../support/cli.ts';
import { seedOrganization, seedUser, slackPersonOf } from '../../support/fixtures.ts';
import { NOTIFY_CHANNEL, startTestApp, TEAM_ID, type TestApp } from '../../support/harness.ts';
import { waitFor } from '../../support/wait.ts';

// Every view of the audit trail names the actor and the target one way: a mention for a linked
// Slack user in Slack, otherwise "Name (email)" (personName); Slack accounts in changes as mentions.
let t: TestApp;
let admin: Awaited<ReturnType<typeof seedUser>>;
let grace: Awaited<ReturnType<typeof seedUser>>;
let viewer: Awaited<ReturnType<typeof seedUser>>;

const ADA_SLACK = 'U0ADASLACK';
const sections = (message: { blocks: any[] }) =>
  message.blocks.filter((block) => block.type === 'section').map((block) => block.text.text as string);
const audit = async (text = '') => sections(await (await t.command(slackPersonOf(viewer), '/audit', text)).json());
const cli = async (...args: string[]) => {
  const run = await runSwitchboard(...args);
  expect(run.code).toBe(0);
  return run.text.split('\n');
};

beforeAll(async () => {
  t = await startTestApp();
  process.env.DATABASE_URL = t.database.url;
  process.env.NOTIFY_CHANNEL = NOTIFY_CHANNEL;
  const acme = await seedOrganization(t.db, 'Acme');
  admin = await seedUser(t.db, acme.id, { admin: true, firstName: 'Mary', lastName: 'Admin' });
  grace = await seedUser(t.db, acme.id, { admin: true, firstName: 'Grace', lastName: 'Hopper' });
  viewer = await seedUser(t.db, acme.id, { portalAccess: true });
  t.slack.addUser({
    id: ADA_SLACK,
    teamId: TEAM_ID,
    name: 'ada',
    realName: 'Ada L',
    email: 'ada.lovelace@example.com',
  });
  // Real changes: the admin adds Ada (linked by her email), Grace deactivates her, the CLI reactivates her.
  await t.submitView(slackPersonOf(admin), { callbackId: 'add_user', values: addUserValues(validAda(acme.id)) });
  const ada = await t.db.user.findUniqueOrThrow({ where: { email: 'ada.lovelace@example.com' } });
  expect(ada.slackUserId).toBe(ADA_SLACK);
  await t.click(slackPersonOf(grace), {
    type: 'button',
    action_id: 'user_deactivate',
    value: JSON.stringify({ id: ada.id, v: ada.version }),
  });
  await waitFor(() => t.db.user.findFirst({ where: { id: ada.id, active: false } }), { what: 'Ada deactivated' });
  await cli('users', 'reactivate', 'ada.lovelace@example.com');
  // Grace's Slack account is unlinked since: the trail names her "Name (email)" now.
  await t.db.user.update({ where: { id: grace.id }, data: { slackUserId: null, slackTeamId: null } });
});
afterAll(() => t.stop());

describe('the audit trail names people one way', () => {
  it('/audit: linked people as mentions, others as "Name (email)", the CLI by its name', async () => {
    const entries = await audit();
    const line = (what: string) => entries.find((entry) => entry.includes(`*${what}*`))!;
    expect(line('Added')).toContain(`*Added*: <@${ADA_SLACK}> — by <@${admin.slackUserId}>`);
    expect(line('Deactivated')).toContain(`*Deactivated*: <@${ADA_SLACK}> — by Grace Hopper (${grace.email})`);
    expect(line('Reactivated')).toContain(`*Reactivated*: <@${ADA_SLACK}> — by Switchboard cli`);
    expect(entries.join('\n')).not.toMatch(/&lt;|system:|by [^ <]+@/);
  });

  it('/audit: a Slack account in a change is a mention, not a bare member id', async () => {
    const linked = (await audit()).find((entry) => entry.includes('*Slack account linked*'))!;
    expect(linked).toContain(`Slack account: — → <@${ADA_SLACK}>`);
  });

  it('the user card and App Home name the actor the same way', async () => {
    const card = JSON.stringify(
      (await (await t.command(slackPersonOf(admin), '/users', 'ada.lovelace@example.com')).json()).blocks,
    );
    expect(card).toContain(`deactivated by Grace Hopper (${grace.email})`);
    expect(card).toContain(`added by <@${admin.slackUserId}>`);

    await t.event(slackPersonOf(viewer), { type: 'app_home_opened', tab: 'home', channel: 'D0HOME' });
    const home = JSON.stringify(await waitFor(() => t.slack.homes.get(viewer.slackUserId!)));
    expect(home).toContain(`*deactivated* <@${ADA_SLACK}> — Grace Hopper (${grace.email})`);
    expect(home).not.toContain('&lt;');
  });

  it('switchboard audit list: plain "Name (email)" for everyone, the CLI by its name', async () => {
    const text = (await cli('audit', 'list')).join('\n');
    expect(text).toContain(`Reactivated: Ada Lovelace (ada.lovelace@example.com) — by Switchboard cli`);
    expect(text).toContain(`Deactivated: Ada Lovelace (ada.lovelace@example.com) — by Grace Hopper (${grace.email})`);
    expect(text).toContain(`Added: Ada Lovelace (ada.lovelace@example.com) — by Mary Admin (${admin.email})`);
    expect(text).not.toMatch(/<|system:/);
  });

  it('the card names who deactivated a user the same way: a mention, or the CLI by its name', async () => {
    const card = async () =>
      JSON.stringify(
        (await (await t.command(slackPersonOf(admin), '/users', 'ada.lovelace@example.com')).json()).blocks,
      );
    const ada = await t.db.user.findUniqueOrThrow({ where: { email: 'ada.lovelace@example.com' } });
    await t.click(slackPersonOf(admin), {
      type: 'button',
      action_id: 'user_deactivate',
      value: JSON.stringify({ id: ada.id, v: ada.version }),
    });
    expect(await card()).toMatch(new RegExp(`deactivated <!date[^>]+> by <@${admin.slackUserId}>`));
    await cli('users', 'reactivate', 'ada.lovelace@example.com');
    await cli('users', 'deactivate', 'ada.lovelace@example.com');
    expect(await card()).toMatch(/deactivated <!date[^>]+> by Switchboard cli/);
    expect(await card()).not.toContain('system:');
  });
});
