import { ConfigError } from '../config.ts';
import { ValidationError } from '../core/errors.ts';
import * as audit from '../features/audit/index.ts';
import * as companies from '../features/companies/index.ts';
import * as invitations from '../features/invitations/index.ts';
import * as licenses from '../features/licenses/index.ts';
import * as telephony from '../features/telephony/index.ts';
import * as users from '../features/users/index.ts';
import * as workspaces from '../features/workspaces/index.ts';
import { backup } from './commands/backup.ts';
import { dbMigration } from './commands/db-migration.ts';
import { manifest } from './commands/manifest.ts';
import { migrate } from './commands/migrate.ts';
import { restore } from './commands/restore.ts';
import { UsageError, type CliCommand } from './command.ts';
import { forTheCli } from './places.rules.ts';
import { SLASH_COMMANDS } from '../slack/app.ts';

const COMMANDS: Record<string, CliCommand> = {
  ...companies.CLI_COMMANDS,
  ...users.CLI_COMMANDS,
  ...licenses.CLI_COMMANDS,
  ...invitations.CLI_COMMANDS,
  ...telephony.CLI_COMMANDS,
  ...audit.CLI_COMMANDS,
  ...workspaces.CLI_COMMANDS,
  manifest,
  migrate,
  backup,
  restore,
  'db:migration': dbMigration,
};

function usage(): string {
  return [
    'Usage: switchboard <command> [options]',
    '',
    ...Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(14)}${command.summary}`),
    '',
    'Run `switchboard <command> --help` for its options.',
  ].join('\n');
}

/** Runs one CLI command; returns the process exit code (0 ok, 1 failed, 2 bad usage or input). */
export async function runCli(argv: string[], out = console.log, err = console.error): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    (name && name !== '--help' ? err : out)(
      name && name !== '--help' ? `Unknown command “${name}”.\n\n${usage()}` : usage(),
    );
    return name && name !== '--help' ? 2 : 0;
  }
  if (args.includes('--help')) {
    out(command.usage);
    return 0;
  }
  try {
    return await command.run(args, out);
  } catch (error) {
    if (error instanceof UsageError) {
      err(`${error.message}\n\n${command.usage}`);
      return 2;
    }
    if (error instanceof ValidationError) {
      err(
        [
          'Nothing was changed; fix these and run it again:',
          ...Object.values(error.fields).map((m) => `  - ${forTheCli(m, SLASH_COMMANDS)}`),
        ].join('\n'),
      );
      return 2;
    }
    if (error instanceof ConfigError) {
      err(error.message);
      return 2;
    }
    err(`switchboard ${name}: ${forTheCli(error instanceof Error ? error.message : String(error), SLASH_COMMANDS)}`);
    return 1;
  }
}
