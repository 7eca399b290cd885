import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUserValues, validAda } from '../../support/add-user-form.ts';
import { seedOrganization, seedUser } from '../../support/fixtures.ts';
import { startTestApp, type TestApp } from '../../support/harness.ts';
import { installThroughRedirect } from '../../support/oauth-install.ts';
import type { SlackPerson } from '../../support/slack-requests.ts';
import { waitFor } from '../../support/wait.ts';

// One Switchboard in distribution mode (SLACK_CLIENT_ID…), installed through /slack/install in
// two workspaces of two customer companies, and org-wide in an Enterprise Grid org. Each workspace
// hears of its own company's changes with its own token; an uninstalled workspace's notices wait
// for it; a rotated token is the one used after rotation.

let t: TestApp;
let provider: { id: string };
let alphaCo: { id: string };
let bravoCo: { id: string };
let gridCo: { id: string };
/** Admins, each linked in their company's workspace. */
const alphaAdmin: SlackPerson = { userId: 'UALPHA1', teamId: 'TALPHA' };
const bravoAdmin: SlackPerson = { userId: 'UBRAVO1', teamId: 'TBRAVO' };
const gridAdmin: SlackPerson = { userId: 'WGRID1', teamId: 'TGRID1' };
/** The provider's admin, whose Slack account is in workspace A. */
const providerAdmin: SlackPerson = { userId: 'UALPHA2', teamId: 'TALPHA' };
const ALPHA_CHANNEL = 'C0ALPHA';
const BRAVO_CHANNEL = 'C0BRAVO';

async function seedAdmin(companyId: string, person: SlackPerson, email: string, enterpriseId?: string) {
  const user = await seedUser(t.db, companyId, { admin: true, email, slackUserId: person.userId });
  await t.db.user.update({
    where: { id: user.id },
    data: { slackTeamId: person.teamId, slackEnterpriseId: enterpriseId ?? null },
  });
  return user;
}

/** Adds a user through /adduser's form as `person` would; resolves once the app has answered. */
async function addUser(person: SlackPerson, companyId: string, email: string) {
  const response = await t.submitView(person, {
    callbackId: 'add_user',
    values: addUserValues({ ...validAda(companyId), email }),
  });
  expect(response.status).toBe(200);
}

/** The messages naming `email` Slack took, with the token each came with; undefined while there is none. */
function announcementsOf(email: string) {
  const calls = t.slack
    .callsTo('chat.postMessage')
    .filter((call) => call.outcome === 'ok' && JSON.stringify(call.args).includes(email));
  return calls.length ? calls : undefined;
}

beforeAll(async () => {
  t = await startTestApp({ distribution: true });
  t.slack
    .addTeam({ teamId: 'TALPHA', name: 'Alpha Slack', botUserId: 'UBOTA', botId: 'BBOTA' })
    .addTeam({ teamId: 'TBRAVO', name: 'Bravo Slack', botUserId: 'UBOTB', botId: 'BBOTB', tokenRotation: true })
    .addEnterprise({ enterpriseId: 'EGRID', name: 'Grid Org', botUserId: 'UBOTG', botId: 'BBOTG' })
    .addTeam({ teamId: 'TGRID1', name: 'Grid One', enterpriseId: 'EGRID', botUserId: 'UBOTG', botId: 'BBOTG' })
    .addTeam({ teamId: 'TGRID2', name: 'Grid Two', enterpriseId: 'EGRID', botUserId: 'UBOTG', botId: 'BBOTG' })
    .addChannel({ id: ALPHA_CHANNEL, teamId: 'TALPHA' })
    .addChannel({ id: BRAVO_CHANNEL, teamId: 'TBRAVO' })
    .addChannel({ id: 'C0GRID1', teamId: 'TGRID1' })
    .addChannel({ id: 'C0GRID2', teamId: 'TGRID2' });
  provider = await seedOrganization(t.db, 'Provider');
  alphaCo = await seedOrganization(t.db, 'Alpha Co', provider.id);
  bravoCo = await seedOrganization(t.db, 'Bravo Co', provider.id);
  gridCo = await seedOrganization(t.db, 'Grid Co', provider.id);
  await seedAdmin(alphaCo.id, alphaAdmin, 'admin@alpha.example');
  await seedAdmin(bravoCo.id, bravoAdmin, 'admin@bravo.example');
  await seedAdmin(gridCo.id, gridAdmin, 'admin@grid.example', 'EGRID');
  await seedAdmin(provider.id, providerAdmin, 'admin@provider.example');
});
afterAll(() => t.stop());

describe('installing through /slack/install', () => {
  it('installs in two workspaces, each linked to its installer’s company', async () => {
    for (const [person, name] of [
      [alphaAdmin, 'Alpha Slack'],
      [bravoAdmin, 'Bravo Slack'],
    ] as const) {
      const installed = await installThroughRedirect(t.baseUrl, t.slack, {
        teamId: person.teamId,
        installerUserId: person.userId,
      });
      expect(installed.status).toBe(200);
      expect(await t.db.slackWorkspace.findUnique({ where: { teamId: person.teamId } })).toMatchObject({
        name,
        organizationId: person === alphaAdmin ? alphaCo.id : bravoCo.id,
      });
    }
    expect(await t.db.slackInstallation.count()).toBe(2);
    // Each workspace's admins choose their channels; here straight in the table (the form has its own tests).
    await t.db.slackWorkspace.update({ where: { teamId: 'TALPHA' }, data: { confirmationsChannel: ALPHA_CHANNEL } });
    await t.db.slackWorkspace.update({ where: { teamId: 'TBRAVO' }, data: { confirmationsChannel: BRAVO_CHANNEL } });
  });

  it('refuses a redirect that did not start at our install page in this browser, storing nothing', async () => {
    const before = await t.db.slackInstallation.count();
    const refused = await installThroughRedirect(t.baseUrl, t.slack, {
      teamId: 'TALPHA',
      installerUserId: alphaAdmin.userId,
      withoutStateCookie: true,
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(await t.db.slackInstallation.count()).toBe(before);
  });
});

describe('each workspace speaks with its own token', () => {
  it('a change in a company of workspace A is announced in A, with A’s token only', async () => {
    await addUser(alphaAdmin, alphaCo.id, 'new.alpha@alpha.example');
    const calls = await waitFor(() => {
      const found = announcementsOf('new.alpha@alpha.example');
      return found && found.length >= 2 ? found : undefined;
    });
    // The channel's announcement and the actor's DM: both in A, with A's token.
    expect(calls.map((call) => call.args.channel).sort()).toEqual([ALPHA_CHANNEL, alphaAdmin.userId]);
    for (const call of calls) {
      expect(call.teamId).toBe('TALPHA');
      expect(t.slack.tokensOf('TALPHA')).toContain(call.token);
    }
    expect(t.slack.callsBy('TBRAVO').filter((call) => JSON.stringify(call.args).includes('new.alpha'))).toEqual([]);
  });

  it('a person in workspace A does not see the companies linked only to workspace B', async () => {
    await addUser(bravoAdmin, bravoCo.id, 'new.bravo@bravo.example');
    await waitFor(() => announcementsOf('new.bravo@bravo.example'));
    const answer = await (await t.command(alphaAdmin, '/users', 'new.bravo')).json();
    expect(JSON.stringify(answer)).not.toContain('new.bravo@bravo.example');
    const refused = await t.submitView(alphaAdmin, {
      callbackId: 'add_user',
      values: addUserValues({ ...validAda(bravoCo.id), email: 'sneaky@bravo.example' }),
    });
    expect(JSON.stringify(await refused.json())).toMatch(/company/i);
    expect(await t.db.user.count({ where: { email: 'sneaky@bravo.example' } })).toBe(0);
  });

  it('a DM to someone linked before their workspace was known waits for them, then goes to the workspace they act from', async () => {
    const pat = await seedUser(t.db, alphaCo.id, { email: 'pat@alpha.example', slackUserId: 'UALPHA3' });
    await t.db.user.update({ where: { id: pat.id }, data: { slackTeamId: null } });
    const patInSlack: SlackPerson = { userId: 'UALPHA3', teamId: 'TALPHA' };
    for (const action of ['user_deactivate', 'user_reactivate']) {
      const current = await t.db.user.findUniqueOrThrow({ where: { id: pat.id } });
      await t.click(alphaAdmin, {
        type: 'button',
        action_id: action,
        value: JSON.stringify({ id: pat.id, v: current.version }),
      });
    }
    // Two DMs for Pat, whose workspace nobody knows yet: nowhere to send them.
    const waiting = await waitFor(async () => {
      const rows = await t.db.outboxMessage.findMany({ where: { destination: 'UALPHA3' } });
      return rows.length === 2 && rows.every((row) => row.workspace === '' && row.status === 'held') ? rows : undefined;
    });
    expect(waiting).toHaveLength(2);
    // Pat opens Switchboard's App Home in workspace A: the DMs go there, with A's token.
    await t.event(patInSlack, { type: 'app_home_opened', tab: 'home', channel: 'D0PAT' });
    await waitFor(async () => {
      const rows = await t.db.outboxMessage.findMany({ where: { destination: 'UALPHA3' } });
      return rows.every((row) => row.workspace === 'TALPHA' && row.status === 'sent');
    });
    // Both in one message (a digest), with A's token.
    const dms = t.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === 'UALPHA3');
    expect(dms.map((call) => call.outcome)).toEqual(['ok']);
    expect(t.slack.tokensOf('TALPHA')).toContain(dms[0]!.token);
    expect(JSON.stringify(dms[0]!.args)).toContain('2 changes');
  });

  it('a command under a prefixed name (a workspace installed `switchboard manifest --prefix sb-`) works', async () => {
    const answer = await (await t.command(alphaAdmin, '/sb-users', 'new.alpha')).json();
    expect(JSON.stringify(answer)).toContain('new.alpha@alpha.example');
  });
});

describe('uninstalled, and installed again', () => {
  it('an uninstall deletes B’s installation and holds B’s notices; a re-install sends them', async () => {
    t.slack.revoke('TBRAVO');
    const uninstalled = await t.event(bravoAdmin, { type: 'app_uninstalled' });
    expect(uninstalled.status).toBe(200);
    await waitFor(async () => (await t.db.slackInstallation.count({ where: { teamId: 'TBRAVO' } })) === 0);
    // The workspace keeps its company and channels for when it comes back.
    expect(await t.db.slackWorkspace.findUnique({ where: { teamId: 'TBRAVO' } })).toMatchObject({
      organizationId: bravoCo.id,
      confirmationsChannel: BRAVO_CHANNEL,
    });

    // A change in Bravo Co meanwhile, by a provider admin working from workspace A.
    await addUser(providerAdmin, bravoCo.id, 'held.person@bravo.example');
    const held = await waitFor(async () => {
      const rows = await t.db.outboxMessage.findMany({ where: { workspace: 'TBRAVO', status: 'held' } });
      return rows.length ? rows : undefined;
    });
    expect(held.map((row) => row.destination)).toEqual([BRAVO_CHANNEL]);
    // Workspace A goes on meanwhile: the provider admin's own DM arrives.
    await waitFor(() => announcementsOf('held.person@bravo.example'));

    const again = await installThroughRedirect(t.baseUrl, t.slack, {
      teamId: 'TBRAVO',
      installerUserId: bravoAdmin.userId,
    });
    expect(again.status).toBe(200);
    const sent = await waitFor(() =>
      announcementsOf('held.person@bravo.example')?.find((call) => call.args.channel === BRAVO_CHANNEL),
    );
    expect(t.slack.tokensOf('TBRAVO')).toContain(sent.token);
    expect(await t.db.outboxMessage.count({ where: { workspace: 'TBRAVO', status: { not: 'sent' } } })).toBe(0);
  });
});

describe('token rotation', () => {
  it('a token about to expire is rotated first, and the new one is used', async () => {
    const before = t.slack.tokensOf('TBRAVO');
    expect(before).toHaveLength(1);
    // As if 11 h 59 min of the token's 12 h had passed: Bolt's installer rotates tokens expiring within 2 h.
    const row = await t.db.slackInstallation.findUniqueOrThrow({ where: { id: 'TBRAVO' } });
    const installation = row.installation as { bot: { expiresAt: number } };
    installation.bot.expiresAt = Math.floor(Date.now() / 1000) + 60;
    await t.db.slackInstallation.update({ where: { id: 'TBRAVO' }, data: { installation } });

    await addUser(bravoAdmin, bravoCo.id, 'rotated@bravo.example');
    const [announcement] = await waitFor(() => announcementsOf('rotated@bravo.example'));
    const after = t.slack.tokensOf('TBRAVO');
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before[0]);
    expect(announcement!.token).toBe(after[0]);
    expect(t.slack.callsTo('oauth.v2.access').some((call) => call.args.grant_type === 'refresh_token')).toBe(true);
    const stored = await t.db.slackInstallation.findUniqueOrThrow({ where: { id: 'TBRAVO' } });
    expect((stored.installation as { bot: { token: string } }).bot.token).toBe(after[0]);
  });
});

describe('Enterprise Grid', () => {
  it('an org-wide install reaches every workspace of the org', async () => {
    const installed = await installThroughRedirect(t.baseUrl, t.slack, {
      teamId: 'TGRID1',
      installerUserId: gridAdmin.userId,
      orgWide: true,
    });
    expect(installed.status).toBe(200);
    const rows = await t.db.slackWorkspace.findMany({ where: { enterpriseId: 'EGRID' }, orderBy: { teamId: 'asc' } });
    expect(rows.map((row) => row.teamId)).toEqual(['TGRID1', 'TGRID2']);
    await t.db.slackWorkspace.update({
      where: { teamId: 'TGRID1' },
      data: { organizationId: gridCo.id, confirmationsChannel: 'C0GRID1' },
    });
    await t.db.slackWorkspace.update({
      where: { teamId: 'TGRID2' },
      data: { organizationId: gridCo.id, confirmationsChannel: 'C0GRID2' },
    });

    await addUser(gridAdmin, gridCo.id, 'new.grid@grid.example');
    const announcements = await waitFor(() => {
      const found = (announcementsOf('new.grid@grid.example') ?? []).filter(
        (call) => call.args.channel !== gridAdmin.userId,
      );
      return found.length >= 2 ? found : undefined;
    });
    expect(announcements.map((call) => call.args.channel).sort()).toEqual(['C0GRID1', 'C0GRID2']);
    const orgToken = t.slack.tokensOf('EGRID')[0];
    for (const call of announcements) expect(call.token).toBe(orgToken);
  });

  it('a workspace added to the org after the install becomes known at its first request (its token is the org’s)', async () => {
    t.slack.addTeam({
      teamId: 'TGRID3',
      name: 'Grid Three',
      enterpriseId: 'EGRID',
      botUserId: 'UBOTG',
      botId: 'BBOTG',
    });
    const fromTheNewWorkspace: SlackPerson = { ...gridAdmin, teamId: 'TGRID3', enterpriseId: 'EGRID' };
    const answer = await (await t.command(fromTheNewWorkspace, '/users', 'new.grid')).json();
    expect(JSON.stringify(answer)).toContain('new.grid@grid.example');
    expect(await t.db.slackWorkspace.findUnique({ where: { teamId: 'TGRID3' } })).toMatchObject({
      enterpriseId: 'EGRID',
      organizationId: null,
    });
  });

  it('a person of the org is recognized in any of its workspaces', async () => {
    const fromTheOtherWorkspace: SlackPerson = { ...gridAdmin, teamId: 'TGRID2', enterpriseId: 'EGRID' };
    const answer = await (await t.command(fromTheOtherWorkspace, '/users', 'new.grid')).json();
    expect(JSON.stringify(answer)).toContain('new.grid@grid.example');
  });
});
