import { loadDatabaseConfig } from '../../config.ts';
import { withDatabase } from '../../cli/with-database.ts';
import { bootstrapFirstAdmin } from './bootstrap.ts';
import { parseOptions, UsageError, type CliCommand } from '../../cli/command.ts';
import { personName } from '../../core/users.rules.ts';

export const bootstrap: CliCommand = {
  summary: 'create the root organization and its first admin, linked to a Slack user',
  usage: [
    'Usage: switchboard bootstrap --org <name> --email <email> --name <full name> --slack-user <member id> [--slack-team <id>]',
    '',
    'Creates your company and its first active Admin, linked to your Slack account, so you can',
    'use /adduser. Runs once: afterwards it changes nothing and says so.',
    'Find your Slack member id in your Slack profile: ⋮ › Copy member ID (it looks like U01ABCDEF23).',
  ].join('\n'),
  async run(args, out) {
    const { values } = parseOptions(args, {
      org: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      'slack-user': { type: 'string' },
      'slack-team': { type: 'string' },
    });
    const missing = ['org', 'email', 'name', 'slack-user'].filter((key) => !values[key as keyof typeof values]);
    if (missing.length) throw new UsageError(`Missing ${missing.map((key) => `--${key}`).join(', ')}.`);
    const result = await withDatabase(loadDatabaseConfig(process.env), (db) =>
      bootstrapFirstAdmin(db, {
        organization: values.org!,
        email: values.email!,
        name: values.name!,
        slackUserId: values['slack-user']!,
        slackTeamId: values['slack-team'],
      }),
    );
    if (result.created) {
      out(
        `Created ${result.organization} with its first admin, ${personName(result.admin)}, ` +
          `linked to Slack user ${values['slack-user']}. They can now use /adduser in Slack.`,
      );
    } else {
      out(
        `Switchboard is already bootstrapped: ${result.organization} (admins: ${result.admins.join(', ') || 'none active'}). Nothing was changed.`,
      );
    }
    return 0;
  },
};
