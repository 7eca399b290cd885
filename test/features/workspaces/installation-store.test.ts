import { HTTPReceiver, type Installation, type InstallationStore } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  installedWorkspaceTokens,
  isNoInstallation,
  workspaceInstallationStore,
  type OrgTeams,
} from '../../../src/features/workspaces/index.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { seedOrganization, seedUser } from '../../support/fixtures.ts';

// The installation store Bolt's installer uses in distribution mode, against the real database:
// what an install, a rotation and an uninstall leave in slack_installation, slack_workspace,
// outbox_message and the audit trail. Bolt's own InstallProvider reads through it, as the app's
// receiver does.

let database: TestDatabase;
let store: InstallationStore;
/** What auth.teams.list answers for an org-wide token, and who asked. */
let orgTeamsAnswer: { id: string; name?: string }[] = [];
const orgTeamsAsked: string[] = [];
const orgTeams: OrgTeams = async (token) => {
  orgTeamsAsked.push(token);
  return orgTeamsAnswer;
};

const db = () => database.db;

function teamInstall(
  teamId: string,
  options: {
    installer?: string;
    token?: string;
    expiresAt?: number;
    refreshToken?: string;
    enterpriseId?: string;
  } = {},
): Installation<'v2', false> {
  return {
    team: { id: teamId, name: `Workspace ${teamId}` },
    enterprise: options.enterpriseId ? { id: options.enterpriseId, name: 'Grid' } : undefined,
    user: { id: options.installer ?? 'UINSTALLER', token: undefined, scopes: undefined },
    bot: {
      token: options.token ?? `xoxb-${teamId}`,
      scopes: ['commands', 'chat:write'],
      id: `B${teamId}`,
      userId: `U${teamId}BOT`,
      ...(options.refreshToken ? { refreshToken: options.refreshToken, expiresAt: options.expiresAt } : {}),
    },
    tokenType: 'bot',
    isEnterpriseInstall: false,
    appId: 'A0APP',
    authVersion: 'v2',
  };
}

function orgInstall(enterpriseId: string, installer = 'UINSTALLER'): Installation<'v2', true> {
  return {
    team: undefined,
    enterprise: { id: enterpriseId, name: 'Grid Org' },
    user: { id: installer, token: undefined, scopes: undefined },
    bot: { token: `xoxb-org-${enterpriseId}`, scopes: ['commands'], id: 'BORG', userId: 'UORGBOT' },
    tokenType: 'bot',
    isEnterpriseInstall: true,
    appId: 'A0APP',
    authVersion: 'v2',
    enterpriseUrl: 'https://grid.enterprise.slack.com/',
  };
}

async function held(workspace: string, destination = 'C0NOTIFY') {
  return db().outboxMessage.create({
    data: { workspace, destination, notice: { type: 'x', audience: 'channel' }, status: 'held' },
  });
}

const auditOf = (action: string) => db().auditEvent.findMany({ where: { action }, orderBy: { id: 'asc' } });

beforeAll(async () => {
  database = await createTestDatabase();
  store = workspaceInstallationStore(database.db, orgTeams);
});
afterAll(() => database.drop());
beforeEach(async () => {
  await db().outboxMessage.deleteMany();
  await db().auditEvent.deleteMany();
  await db().slackInstallation.deleteMany();
  await db().slackWorkspace.deleteMany({ where: { teamId: { not: '' } } });
  await db().user.deleteMany();
  await db().organization.deleteMany();
  orgTeamsAnswer = [];
  orgTeamsAsked.length = 0;
});

describe('a workspace install', () => {
  it('is stored whole and fetched by its team; the workspace row is recorded; the install audited without its token', async () => {
    await store.storeInstallation(teamInstall('TALPHA'));
    const fetched = await store.fetchInstallation({
      teamId: 'TALPHA',
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    expect(fetched).toEqual(JSON.parse(JSON.stringify(teamInstall('TALPHA'))));
    const row = await db().slackInstallation.findUniqueOrThrow({ where: { id: 'TALPHA' } });
    expect(row).toMatchObject({
      teamId: 'TALPHA',
      enterpriseId: null,
      isEnterpriseInstall: false,
      botTokenExpiresAt: null,
    });
    expect(await db().slackWorkspace.findUnique({ where: { teamId: 'TALPHA' } })).toMatchObject({
      name: 'Workspace TALPHA',
      organizationId: null,
    });
    const [installed] = await auditOf('workspace.installed');
    expect(installed).toMatchObject({
      actorLabel: 'system:slack',
      targetId: 'TALPHA',
      targetLabel: 'Workspace TALPHA',
    });
    const trail = await db().auditEvent.findMany({ select: { before: true, after: true, targetLabel: true } });
    expect(JSON.stringify(trail)).not.toContain('xoxb-');
  });

  it('fetching a workspace where the app is not installed throws, as Bolt expects', async () => {
    const error = await store
      .fetchInstallation({ teamId: 'TNONE', enterpriseId: undefined, isEnterpriseInstall: false })
      .catch((e: unknown) => e);
    expect(isNoInstallation(error)).toBe(true);
    expect(String(error)).toContain('not installed in the workspace TNONE');
  });

  it('an admin installing links the workspace to their company; a workspace already linked stays', async () => {
    const acme = await seedOrganization(db(), 'Acme');
    const other = await seedOrganization(db(), 'Other');
    const grace = await seedUser(db(), acme.id, { admin: true, slackUserId: 'UGRACE' });
    await db().user.update({ where: { id: grace.id }, data: { slackTeamId: 'TALPHA' } });
    await db().slackWorkspace.create({ data: { teamId: 'TBETA', organizationId: other.id } });

    await store.storeInstallation(teamInstall('TALPHA', { installer: 'UGRACE' }));
    await store.storeInstallation(teamInstall('TBETA', { installer: 'UGRACE' }));

    expect((await db().slackWorkspace.findUniqueOrThrow({ where: { teamId: 'TALPHA' } })).organizationId).toBe(acme.id);
    // Grace is linked in TALPHA, not TBETA, and TBETA belongs to Other anyway.
    expect((await db().slackWorkspace.findUniqueOrThrow({ where: { teamId: 'TBETA' } })).organizationId).toBe(other.id);
    const linked = await auditOf('workspace.linked');
    expect(linked).toHaveLength(1);
    expect(linked[0]).toMatchObject({ actorId: grace.id, targetId: 'TALPHA', organizationId: acme.id });
    expect((await auditOf('workspace.installed'))[0]).toMatchObject({ actorId: grace.id, organizationId: acme.id });
  });

  it('an admin bootstrapped with their member id only (workspace not known yet) links it too', async () => {
    const acme = await seedOrganization(db(), 'Acme');
    const first = await seedUser(db(), acme.id, { admin: true, slackUserId: 'UFIRST' });
    await db().user.update({ where: { id: first.id }, data: { slackTeamId: null } });
    await store.storeInstallation(teamInstall('TALPHA', { installer: 'UFIRST' }));
    expect((await db().slackWorkspace.findUniqueOrThrow({ where: { teamId: 'TALPHA' } })).organizationId).toBe(acme.id);
  });

  it('an installer who is no admin (or unknown) links nothing', async () => {
    const acme = await seedOrganization(db(), 'Acme');
    const ada = await seedUser(db(), acme.id, { admin: false, slackUserId: 'UADA' });
    await db().user.update({ where: { id: ada.id }, data: { slackTeamId: 'TALPHA' } });
    await store.storeInstallation(teamInstall('TALPHA', { installer: 'UADA' }));
    expect((await db().slackWorkspace.findUniqueOrThrow({ where: { teamId: 'TALPHA' } })).organizationId).toBeNull();
    expect(await auditOf('workspace.linked')).toEqual([]);
  });

  it('sends the notices held while it had no token again (and only its own)', async () => {
    const mine = await held('TALPHA');
    const theirs = await held('TBETA');
    await store.storeInstallation(teamInstall('TALPHA'));
    const after = await db().outboxMessage.findUniqueOrThrow({ where: { id: mine.id } });
    expect(after.status).toBe('pending');
    expect(after.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    expect((await db().outboxMessage.findUniqueOrThrow({ where: { id: theirs.id } })).status).toBe('held');
  });

  it('is deleted by deleteInstallation; the workspace row and its company link stay', async () => {
    const acme = await seedOrganization(db(), 'Acme');
    await store.storeInstallation(teamInstall('TALPHA'));
    await db().slackWorkspace.update({ where: { teamId: 'TALPHA' }, data: { organizationId: acme.id } });
    await store.deleteInstallation!({ teamId: 'TALPHA', enterpriseId: undefined, isEnterpriseInstall: false });
    expect(await db().slackInstallation.findUnique({ where: { id: 'TALPHA' } })).toBeNull();
    expect((await db().slackWorkspace.findUniqueOrThrow({ where: { teamId: 'TALPHA' } })).organizationId).toBe(acme.id);
    expect(await auditOf('workspace.uninstalled')).toHaveLength(1);
    // Installed again: a re-install, from where it left.
    await store.storeInstallation(teamInstall('TALPHA', { token: 'xoxb-new' }));
    expect(await auditOf('workspace.installed')).toHaveLength(2);
  });
});

describe('token rotation', () => {
  it('stores the rotated tokens and their expiry, without auditing or linking again', async () => {
    const acme = await seedOrganization(db(), 'Acme');
    const grace = await seedUser(db(), acme.id, { admin: true, slackUserId: 'UGRACE' });
    await db().user.update({ where: { id: grace.id }, data: { slackTeamId: 'TALPHA' } });
    const expiresAt = Math.floor(Date.now() / 1000) + 12 * 3600;
    await store.storeInstallation(
      teamInstall('TALPHA', { installer: 'UGRACE', token: 'xoxe.xoxb-1', refreshToken: 'xoxe-1-r', expiresAt }),
    );
    // The operator unlinks it; a rotation must not link it back.
    await db().slackWorkspace.update({ where: { teamId: 'TALPHA' }, data: { organizationId: null } });
    const rotated = teamInstall('TALPHA', {
      installer: 'UGRACE',
      token: 'xoxe.xoxb-2',
      refreshToken: 'xoxe-1-r2',
      expiresAt: expiresAt + 3600,
    });
    await store.storeInstallation(rotated);
    const row = await db().slackInstallation.findUniqueOrThrow({ where: { id: 'TALPHA' } });
    expect((row.installation as { bot: { token: string; refreshToken: string } }).bot).toMatchObject({
      token: 'xoxe.xoxb-2',
      refreshToken: 'xoxe-1-r2',
    });
    expect(row.botTokenExpiresAt?.getTime()).toBe((expiresAt + 3600) * 1000);
    expect((await db().slackWorkspace.findUniqueOrThrow({ where: { teamId: 'TALPHA' } })).organizationId).toBeNull();
    expect(await auditOf('workspace.installed')).toHaveLength(1);
    expect(await auditOf('workspace.reinstalled')).toEqual([]);
  });

  it('Bolt’s installer reads the token through the store; an expiring one is rotated (oauth.v2.access) and stored', async () => {
    // A fake oauth.v2.access on loopback: Bolt's installer posts the refresh token there.
    const { createServer } = await import('node:http');
    const refreshes: string[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const form = new URLSearchParams(body);
        refreshes.push(form.get('refresh_token') ?? '');
        response.setHeader('content-type', 'application/json');
        response.end(
          JSON.stringify({
            ok: true,
            access_token: 'xoxe.xoxb-rotated',
            refresh_token: 'xoxe-1-next',
            expires_in: 43200,
            token_type: 'bot',
            scope: 'commands,chat:write',
            bot_user_id: 'UTALPHABOT',
            app_id: 'A0APP',
            team: { id: 'TALPHA', name: 'Workspace TALPHA' },
            enterprise: null,
            is_enterprise_install: false,
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      // The installer as the app gets it: made by Bolt's receiver from the OAuth settings.
      const installer = new HTTPReceiver({
        signingSecret: 'signing-secret',
        clientId: '1.2',
        clientSecret: 'secret',
        stateSecret: 'state-secret-state-secret',
        installationStore: store,
        scopes: ['commands'],
        installerOptions: { clientOptions: { slackApiUrl: `http://127.0.0.1:${port}/api/` } },
      }).installer!;
      const tokens = installedWorkspaceTokens(db(), (source) => installer.authorize(source));
      // Fresh for 12 hours: used as it is.
      const later = Math.floor(Date.now() / 1000) + 12 * 3600;
      await store.storeInstallation(
        teamInstall('TALPHA', { token: 'xoxe.xoxb-1', refreshToken: 'xoxe-1-r', expiresAt: later }),
      );
      expect(await tokens.botToken('TALPHA')).toBe('xoxe.xoxb-1');
      expect(refreshes).toEqual([]);
      // Expiring within the hour: rotated first, and the rotation stored.
      const soon = Math.floor(Date.now() / 1000) + 1800;
      await store.storeInstallation(
        teamInstall('TALPHA', { token: 'xoxe.xoxb-1', refreshToken: 'xoxe-1-r', expiresAt: soon }),
      );
      // Asked twice at once (the outbox and the courier): one rotation, both get the rotated token.
      expect(await Promise.all([tokens.botToken('TALPHA'), tokens.botToken('TALPHA')])).toEqual([
        'xoxe.xoxb-rotated',
        'xoxe.xoxb-rotated',
      ]);
      expect(refreshes).toEqual(['xoxe-1-r']);
      const row = await db().slackInstallation.findUniqueOrThrow({ where: { id: 'TALPHA' } });
      expect((row.installation as { bot: { refreshToken: string } }).bot.refreshToken).toBe('xoxe-1-next');
      expect(row.botTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 11 * 3600 * 1000);
      // The deployment's own workspace has no token in this mode; nor has one never installed.
      expect(await tokens.botToken('')).toBeUndefined();
      expect(await tokens.botToken('TNEVER')).toBeUndefined();
    } finally {
      server.close();
    }
  });
});

describe('an org-wide (Enterprise Grid) install', () => {
  it('is stored by its org, records the org’s workspaces (auth.teams.list), and serves each of them', async () => {
    orgTeamsAnswer = [
      { id: 'TONE', name: 'One' },
      { id: 'TTWO', name: 'Two' },
    ];
    await store.storeInstallation(orgInstall('EGRID'));
    expect(orgTeamsAsked).toEqual(['xoxb-org-EGRID']);
    expect(await db().slackInstallation.findUniqueOrThrow({ where: { id: 'EGRID' } })).toMatchObject({
      enterpriseId: 'EGRID',
      teamId: null,
      isEnterpriseInstall: true,
    });
    const rows = await db().slackWorkspace.findMany({ where: { enterpriseId: 'EGRID' }, orderBy: { teamId: 'asc' } });
    expect(rows.map((row) => [row.teamId, row.name])).toEqual([
      ['TONE', 'One'],
      ['TTWO', 'Two'],
    ]);
    // A workspace of the org with no install of its own: the org's.
    const fetched = await store.fetchInstallation({
      teamId: 'TONE',
      enterpriseId: 'EGRID',
      isEnterpriseInstall: false,
    });
    expect(fetched.enterprise?.id).toBe('EGRID');
    expect(fetched.isEnterpriseInstall).toBe(true);
    // Asked as an org-wide install.
    const org = await store.fetchInstallation({ teamId: undefined, enterpriseId: 'EGRID', isEnterpriseInstall: true });
    expect(org.bot?.token).toBe('xoxb-org-EGRID');
    // A workspace elsewhere is not served by it.
    const error = await store
      .fetchInstallation({ teamId: 'TONE', enterpriseId: 'EOTHER', isEnterpriseInstall: false })
      .catch((e: unknown) => e);
    expect(isNoInstallation(error)).toBe(true);
  });

  it('a rotation of an org-wide install does not ask Slack for the org’s workspaces again', async () => {
    orgTeamsAnswer = [{ id: 'TONE', name: 'One' }];
    await store.storeInstallation(orgInstall('EGRID'));
    const rotated = orgInstall('EGRID');
    rotated.bot = { ...rotated.bot!, token: 'xoxe.xoxb-org-rotated', refreshToken: 'xoxe-1-new', expiresAt: 1 };
    await store.storeInstallation(rotated);
    expect(orgTeamsAsked).toEqual(['xoxb-org-EGRID']);
    const stored = await db().slackInstallation.findUniqueOrThrow({ where: { id: 'EGRID' } });
    expect((stored.installation as { bot: { token: string } }).bot.token).toBe('xoxe.xoxb-org-rotated');
  });

  it('a workspace’s own install comes before its org’s', async () => {
    orgTeamsAnswer = [{ id: 'TONE', name: 'One' }];
    await store.storeInstallation(orgInstall('EGRID'));
    await store.storeInstallation(teamInstall('TONE', { enterpriseId: 'EGRID', token: 'xoxb-own' }));
    const fetched = await store.fetchInstallation({
      teamId: 'TONE',
      enterpriseId: 'EGRID',
      isEnterpriseInstall: false,
    });
    expect(fetched.bot?.token).toBe('xoxb-own');
  });

  it('links the org’s workspaces to an admin installer (known by their org), releases their held notices; deleted by its org', async () => {
    const acme = await seedOrganization(db(), 'Acme');
    const grace = await seedUser(db(), acme.id, { admin: true, slackUserId: 'WGRACE' });
    await db().user.update({
      where: { id: grace.id },
      data: { slackTeamId: 'TELSEWHERE', slackEnterpriseId: 'EGRID' },
    });
    // A workspace of the org Slack no longer lists but Switchboard knows: the org's install speaks for it too.
    await db().slackWorkspace.create({ data: { teamId: 'TOLD', enterpriseId: 'EGRID' } });
    const one = await held('TONE');
    const old = await held('TOLD');
    orgTeamsAnswer = [{ id: 'TONE', name: 'One' }];
    await store.storeInstallation(orgInstall('EGRID', 'WGRACE'));
    const rows = await db().slackWorkspace.findMany({ where: { enterpriseId: 'EGRID' }, orderBy: { teamId: 'asc' } });
    expect(rows.map((row) => [row.teamId, row.organizationId])).toEqual([
      ['TOLD', acme.id],
      ['TONE', acme.id],
    ]);
    expect((await db().outboxMessage.findUniqueOrThrow({ where: { id: one.id } })).status).toBe('pending');
    expect((await db().outboxMessage.findUniqueOrThrow({ where: { id: old.id } })).status).toBe('pending');

    await store.deleteInstallation!({ teamId: undefined, enterpriseId: 'EGRID', isEnterpriseInstall: true });
    expect(await db().slackInstallation.count()).toBe(0);
    const error = await store
      .fetchInstallation({ teamId: 'TONE', enterpriseId: 'EGRID', isEnterpriseInstall: false })
      .catch((e: unknown) => e);
    expect(isNoInstallation(error)).toBe(true);
  });

  it('when Slack can’t list the org’s workspaces, the install is stored anyway', async () => {
    const failing = workspaceInstallationStore(database.db, async () => {
      throw new Error('missing_scope');
    });
    await failing.storeInstallation(orgInstall('EGRID'));
    expect(await db().slackInstallation.count()).toBe(1);
  });
});
