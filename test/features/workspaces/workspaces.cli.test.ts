import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSwitchboard } from '../../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { seedOrganization, tableCounts } from '../../support/fixtures.ts';

let database: TestDatabase;
let acme: { id: string };
let west: { id: string };
const cli = runSwitchboard;

beforeAll(async () => {
  database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
  process.env.NOTIFY_CHANNEL = 'C0NOTIFY';
  acme = await seedOrganization(database.db, 'Acme');
  west = await seedOrganization(database.db, 'Acme West', acme.id);
  await database.db.slackWorkspace.createMany({
    data: [
      { teamId: 'TALPHA', name: 'Alpha Corp', approvalsChannel: 'C0ALPHAAPPR' },
      { teamId: 'TBETA', name: 'Beta', enterpriseId: 'EGRID', organizationId: west.id },
    ],
  });
  const installation = { team: { id: 'TALPHA' }, bot: { token: 'xoxb-secret' } };
  await database.db.slackInstallation.createMany({
    data: [
      { id: 'TALPHA', teamId: 'TALPHA', isEnterpriseInstall: false, installation },
      { id: 'EGRID', enterpriseId: 'EGRID', isEnterpriseInstall: true, installation },
    ],
  });
});
afterAll(() => database.drop());

const rowOf = (teamId: string) => database.db.slackWorkspace.findUniqueOrThrow({ where: { teamId } });

describe('switchboard workspaces list', () => {
  it('lists every workspace: installed or not, its org, its company, its channels (never a token)', async () => {
    const { code, out } = await cli('workspaces', 'list');
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toBe(
      '(own)\tthe deployment’s own workspace\t-\tSLACK_BOT_TOKEN\tcompanies linked to no workspace\tconfirmations: default, approvals: default, invitations: default',
    );
    expect(lines[1]).toBe(
      'TALPHA\tAlpha Corp\t-\tinstalled\tnot linked\tconfirmations: default, approvals: C0ALPHAAPPR, invitations: default',
    );
    expect(lines[2]).toBe(
      'TBETA\tBeta\torg EGRID\tinstalled (org-wide)\tAcme › Acme West\tconfirmations: default, approvals: default, invitations: default',
    );
    expect(out).not.toContain('xoxb');
  });

  it('with many workspaces (SLACK_CLIENT_ID) there is no deployment’s own workspace to list', async () => {
    process.env.SLACK_CLIENT_ID = '1234567890.1234567890';
    try {
      const { code, out } = await cli('workspaces', 'list');
      expect(code).toBe(0);
      expect(out).not.toContain('SLACK_BOT_TOKEN');
      expect(out.split('\n')[0]).toMatch(/^TALPHA\t/);
    } finally {
      delete process.env.SLACK_CLIENT_ID;
    }
  });

  it('--json for programs', async () => {
    const { out } = await cli('workspaces', 'list', '--json');
    const lines = JSON.parse(out) as { teamId: string; installed: unknown; company: string | null }[];
    expect(lines.find((line) => line.teamId === 'TBETA')).toMatchObject({
      installed: 'org-wide',
      company: 'Acme › Acme West',
    });
  });
});

describe('switchboard workspaces link / unlink', () => {
  it('links a workspace to a company by name (any case); audited as system:cli', async () => {
    const { code, out } = await cli('workspaces', 'link', 'TALPHA', 'acme');
    expect(code).toBe(0);
    expect(out).toBe('Alpha Corp now belongs to Acme.');
    expect((await rowOf('TALPHA')).organizationId).toBe(acme.id);
    const event = await database.db.auditEvent.findFirstOrThrow({
      where: { action: 'workspace.linked', targetId: 'TALPHA' },
    });
    expect(event).toMatchObject({ actorLabel: 'system:cli', organizationId: acme.id, after: { company: 'Acme' } });
  });

  it('by company id, saying what it was; again: nothing changes', async () => {
    expect((await cli('workspaces', 'link', 'TALPHA', west.id)).out).toBe(
      'Alpha Corp now belongs to Acme › Acme West (was Acme).',
    );
    const events = await database.db.auditEvent.count();
    expect((await cli('workspaces', 'link', 'TALPHA', west.id)).out).toBe(
      'Alpha Corp already belongs to Acme › Acme West; nothing changed.',
    );
    expect(await database.db.auditEvent.count()).toBe(events);
  });

  it('an unknown workspace or company: a clear error, nothing changed', async () => {
    const before = await tableCounts(database.db);
    const unknownTeam = await cli('workspaces', 'link', 'TNOPE', 'Acme');
    expect(unknownTeam.code).toBe(2);
    expect(unknownTeam.err).toContain('No workspace TNOPE is known yet');
    const notATeam = await cli('workspaces', 'link', 'hello', 'Acme');
    expect(notATeam.code).toBe(2);
    expect(notATeam.err).toContain('“hello” is not a workspace’s team id');
    const unknownCompany = await cli('workspaces', 'link', 'TALPHA', 'Nowhere Inc');
    expect(unknownCompany.code).toBe(2);
    expect(unknownCompany.err).toContain('None of your companies is called “Nowhere Inc”');
    const unknownId = await cli('workspaces', 'link', 'TALPHA', '00000000-0000-4000-8000-000000000000');
    expect(unknownId.code).toBe(2);
    expect(unknownId.err).toContain('Choose one of your companies');
    expect(await tableCounts(database.db)).toEqual(before);
    expect((await rowOf('TALPHA')).organizationId).toBe(west.id);
  });

  it('bad usage: the usage', async () => {
    const missing = await cli('workspaces', 'link', 'TALPHA');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('Say which workspace and which company');
    const nonsense = await cli('workspaces', 'frobnicate');
    expect(nonsense.code).toBe(2);
    expect(nonsense.err).toContain('switchboard workspaces list');
  });

  it('unlinks; the workspace row and its channels stay; audited', async () => {
    const { code, out } = await cli('workspaces', 'unlink', 'TALPHA');
    expect(code).toBe(0);
    expect(out).toContain('Alpha Corp no longer belongs to Acme › Acme West');
    const row = await rowOf('TALPHA');
    expect(row).toMatchObject({ organizationId: null, approvalsChannel: 'C0ALPHAAPPR' });
    expect(await database.db.auditEvent.count({ where: { action: 'workspace.unlinked', targetId: 'TALPHA' } })).toBe(1);
    expect((await cli('workspaces', 'unlink', 'TALPHA')).out).toBe(
      'Alpha Corp belonged to no company; nothing changed.',
    );
  });
});
