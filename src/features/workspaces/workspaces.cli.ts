import { distributionMode, loadDatabaseConfig } from '../../config.ts';
import { parseOptions, UsageError, type CliCommand } from '../../cli/command.ts';
import { CLI_ACTOR } from '../../cli/system-actor.ts';
import { withDatabase } from '../../cli/with-database.ts';
import { linkWorkspace, listWorkspaces, unlinkWorkspace, type WorkspaceLine } from './workspaces.ts';
import { CHANNEL_PURPOSES } from './workspaces.rules.ts';

const USAGE = [
  'Usage:',
  '  switchboard workspaces list [--json]',
  '  switchboard workspaces link <team id> <company name or id>',
  '  switchboard workspaces unlink <team id>',
  '',
  'The Slack workspaces Switchboard knows: installed or not, the company each belongs to (its notices',
  'are about that company and those under it), and the channels its admins chose (/switchboard settings;',
  '"default" is NOTIFY_CHANNEL, APPROVALS_CHANNEL, INVITES_CHANNEL). Installing links a workspace to',
  'the installer’s company when the installer is an admin; link names the company yourself. Recorded in',
  'the audit trail as system:cli.',
].join('\n');

function installedWords(line: WorkspaceLine): string {
  if (line.installed === 'workspace') return 'installed';
  if (line.installed === 'org-wide') return 'installed (org-wide)';
  return line.teamId === '' ? 'SLACK_BOT_TOKEN' : 'not installed';
}

function describe(line: WorkspaceLine): string {
  const channels = CHANNEL_PURPOSES.map((purpose) => `${purpose}: ${line.chosen[purpose] ?? 'default'}`).join(', ');
  return [
    line.teamId || '(own)',
    line.teamId === '' ? 'the deployment’s own workspace' : (line.name ?? '(no name yet)'),
    line.enterpriseId ? `org ${line.enterpriseId}` : '-',
    installedWords(line),
    line.company ?? (line.teamId === '' ? 'companies linked to no workspace' : 'not linked'),
    channels,
  ].join('\t');
}

export const workspaces: CliCommand = {
  summary: 'the Slack workspaces: installed or not, their company, their channels; link one to a company',
  usage: USAGE,
  async run(args, out) {
    const { values, positionals } = parseOptions(args, { json: { type: 'boolean' } }, true);
    const [verb, ...rest] = positionals;
    const database = loadDatabaseConfig(process.env);
    if (verb === 'list' && !rest.length) {
      // With many workspaces (SLACK_CLIENT_ID…) there is no deployment's own workspace to list.
      const distribution = distributionMode(process.env);
      const all = await withDatabase(database, (db) => listWorkspaces(db, CLI_ACTOR));
      const lines = distribution ? all.filter((line) => line.teamId !== '') : all;
      if (values.json) out(JSON.stringify(lines, null, 2));
      else for (const line of lines) out(describe(line));
      return 0;
    }
    if (verb === 'link') {
      if (rest.length < 2) throw new UsageError('Say which workspace and which company: workspaces link T… <company>.');
      const [team, ...company] = rest;
      const result = await withDatabase(database, (db) =>
        linkWorkspace(db, CLI_ACTOR, { team: team!, company: company.join(' ') }),
      );
      out(
        result.previous === result.company
          ? `${result.workspace} already belongs to ${result.company}; nothing changed.`
          : `${result.workspace} now belongs to ${result.company}${result.previous ? ` (was ${result.previous})` : ''}.`,
      );
      return 0;
    }
    if (verb === 'unlink') {
      if (rest.length !== 1) throw new UsageError('Say which workspace: workspaces unlink T….');
      const result = await withDatabase(database, (db) => unlinkWorkspace(db, CLI_ACTOR, rest[0]!));
      out(
        result.previous
          ? `${result.workspace} no longer belongs to ${result.previous}; its notices go to the workspace of a company above, or the deployment’s own.`
          : `${result.workspace} belonged to no company; nothing changed.`,
      );
      return 0;
    }
    throw new UsageError('Say `workspaces list`, `workspaces link <team> <company>` or `workspaces unlink <team>`.');
  },
};
