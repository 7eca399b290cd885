import { loadDatabaseConfig } from '../../config.ts';
import { pagePosition } from '../../core/lists.rules.ts';
import { formatOptionalPhone } from '../../core/phone.rules.ts';
import { parseUserQuery } from './directory/query.rules.ts';
import { ValidationError } from '../../core/errors.ts';
import { privilegeLabels } from '../../core/privileges.rules.ts';
import { listUsers, showUser, type UserSummary } from './directory/directory.ts';
import { changeLifecycle } from './lifecycle/lifecycle.ts';
import { grantAdminAsOperator } from './lifecycle/grant-admin.ts';
import { linkSlackAccount, unlinkSlackAccount } from './link/link-user.ts';
import { parseOptions, UsageError, type CliCommand } from '../../cli/command.ts';
import { CLI_ACTOR } from '../../cli/system-actor.ts';
import { withDatabase, withServices } from '../../cli/with-database.ts';
import { personName } from '../../core/users.rules.ts';

const USAGE = [
  'Usage:',
  '  switchboard users list [words] [is:active|is:deactivated|is:admin] [company:<name>] [--page <token>] [--json]',
  '  switchboard users show <email | User ID> [--json]',
  '  switchboard users deactivate <email> [--release]   (--release: numbers, devices, licenses, extension back to the pools)',
  '  switchboard users reactivate <email>',
  '  switchboard users revoke-admin <email>',
  '  switchboard users grant-admin <email> --reason "…"   (no approval: the first admins of a company; announced in APPROVALS_CHANNEL)',
  '  switchboard users link <email> --slack-user <member id> [--slack-team <id>]   (so they can use Switchboard from Slack)',
  '  switchboard users unlink <email>',
  '',
  'A Slack member id is in their Slack profile: ⋮ › Copy member ID (it looks like U01ABCDEF23). Without',
  '--slack-team, the workspace is taken from their first request to the app.',
  '',
  'The same searches and rules as /users in Slack, for every company. Changes are recorded in',
  'the audit trail as system:cli and announced in NOTIFY_CHANNEL.',
].join('\n');

/** As /users shows it: invited (not joined yet), the privileges of an active user, or deactivated. */
function status(user: Pick<UserSummary, 'active' | 'admin' | 'portalAccess' | 'invited'>): string {
  if (user.invited) return 'invited';
  return user.active ? privilegeLabels({ ...user, active: true }).join(', ') : 'deactivated';
}

export const users: CliCommand = {
  summary: 'list, show, deactivate, reactivate users, admin rights, and link Slack accounts',
  usage: USAGE,
  async run(args, out) {
    const { values, positionals } = parseOptions(
      args,
      {
        page: { type: 'string' },
        json: { type: 'boolean' },
        release: { type: 'boolean' },
        reason: { type: 'string' },
        'slack-user': { type: 'string' },
        'slack-team': { type: 'string' },
      },
      true,
    );
    const [verb, ...rest] = positionals;
    if (verb === 'list') {
      const query = parseUserQuery(rest.join(' '));
      if (!query.ok) throw new ValidationError(query.errors);
      const page = await withDatabase(loadDatabaseConfig(process.env), (db) =>
        listUsers(db, CLI_ACTOR, query.value, values.page),
      );
      if (values.json) out(JSON.stringify(page, null, 2));
      else {
        for (const user of page.users) out(`${user.fullName}\t${user.email}\t${user.company}\t${status(user)}`);
        if (!page.users.length) out('No users match.');
        // Where the page is, only when there is more than one: a script reads one user a line.
        const more = page.next ? ` More: switchboard users list ${rest.join(' ')} --page ${page.next}` : '';
        if (page.next || page.previous) out(`${pagePosition(page.from, page.users.length, page.total)}.${more}`);
      }
      return 0;
    }
    if (verb === 'show' && rest.length === 1) {
      const card = await withDatabase(loadDatabaseConfig(process.env), (db) => showUser(db, CLI_ACTOR, rest[0]!));
      if (values.json) out(JSON.stringify(card, null, 2));
      else {
        out(`${personName(card)}  ${status(card)}`);
        out(`Company: ${card.companyPath}`);
        for (const [label, value] of [
          ['User ID', card.loginId],
          ['Title', card.title],
          ['Office', formatOptionalPhone(card.officePhone)],
          ['Cellular', formatOptionalPhone(card.mobilePhone)],
          ['Fax', formatOptionalPhone(card.faxPhone)],
          ['Pending email', card.pendingEmail],
          ['Extension', card.extension],
          ['Numbers', card.numbers.join(', ')],
          ['Devices', card.devices.join('; ')],
          ['Licenses', card.licenses.join(', ')],
        ] as const) {
          if (value) out(`${label}: ${value}`);
        }
        out(`Created ${card.createdAt.toISOString()}, updated ${card.updatedAt.toISOString()}`);
      }
      return 0;
    }
    if ((verb === 'deactivate' || verb === 'reactivate') && rest.length === 1) {
      const result = await withServices(async (db, config) => {
        const card = await showUser(db, CLI_ACTOR, rest[0]!);
        const action = verb === 'deactivate' && values.release ? 'deactivateAndRelease' : verb;
        return changeLifecycle(db, config, CLI_ACTOR, action, card.id, card.version);
      });
      out(`${personName(result.user)} ${result.changed ? 'is now' : 'was already'} ${verb}d.`);
      if (result.changed && values.release)
        out('Their numbers, devices, licenses and extension are back in the pools.');
      return 0;
    }
    if (verb === 'revoke-admin' && rest.length === 1) {
      const result = await withServices(async (db, config) => {
        const card = await showUser(db, CLI_ACTOR, rest[0]!);
        return changeLifecycle(db, config, CLI_ACTOR, 'removeAdmin', card.id, card.version);
      });
      out(`${personName(result.user)} ${result.changed ? 'is no longer' : 'was already not'} an admin.`);
      return 0;
    }
    if (verb === 'grant-admin' && rest.length === 1) {
      if (!values.reason?.trim()) throw new UsageError('Say why: switchboard users grant-admin <email> --reason "…"');
      const result = await withServices((db, config) =>
        grantAdminAsOperator(db, config, CLI_ACTOR, { email: rest[0]!, reason: values.reason! }),
      );
      out(`${personName(result.user)} is now an admin.`);
      return 0;
    }
    if (verb === 'link' && rest.length === 1) {
      const slackUserId = values['slack-user'];
      if (!slackUserId) throw new UsageError('Say which Slack account: switchboard users link <email> --slack-user U…');
      const slackTeamId = values['slack-team'];
      const result = await withServices((db, config) =>
        linkSlackAccount(db, config, CLI_ACTOR, { email: rest[0]!, slackUserId, slackTeamId }),
      );
      const who = personName(result.user);
      const account = slackUserId.trim();
      if (result.change === 'none')
        out(`${who} was already linked to the Slack account ${account}; nothing was changed.`);
      else if (result.change === 'workspace')
        out(`${who} was already linked to the Slack account ${account}; its workspace is now ${slackTeamId?.trim()}.`);
      else {
        const was = result.previous ? ` (was ${result.previous})` : '';
        out(
          `${who} is now linked to the Slack account ${account}${was}. Announced in NOTIFY_CHANNEL; a direct message telling them is on its way.`,
        );
      }
      if (result.change !== 'none') out(whenTheyCanAct(result.userState));
      return 0;
    }
    if (verb === 'unlink' && rest.length === 1) {
      const result = await withServices((db, config) => unlinkSlackAccount(db, config, CLI_ACTOR, { email: rest[0]! }));
      const who = personName(result.user);
      out(
        result.change === 'unlinked'
          ? `${who} is no longer linked to a Slack account (was ${result.previous}); Switchboard no longer answers that account.`
          : `${who} had no Slack account linked; nothing was changed.`,
      );
      return 0;
    }
    throw new UsageError(verb ? `Unknown or incomplete: users ${positionals.join(' ')}` : 'Say what to do with users.');
  },
};

/** Whether a newly linked person's next command in Slack works, as the operator reads it. */
function whenTheyCanAct(state: 'active' | 'invited' | 'deactivated'): string {
  if (state === 'deactivated')
    return 'Warning: the user is deactivated, so Switchboard won’t act for them until reactivated (switchboard users reactivate).';
  if (state === 'invited')
    return 'Warning: the user has not joined yet, so Switchboard acts for them once they accept their invitation.';
  return 'Their next Switchboard command in Slack works.';
}
