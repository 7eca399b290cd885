import { loadDatabaseConfig } from '../../config.ts';
import { extensionOverview, setExtension } from './extensions.ts';
import { parseOptions, UsageError, type CliCommand } from '../../cli/command.ts';
import { CLI_ACTOR } from '../../cli/system-actor.ts';
import { withDatabase } from '../../cli/with-database.ts';

export const extensions: CliCommand = {
  summary: "extensions: list a company's, set a user's (digits, next or none)",
  usage: [
    'Usage:',
    '  switchboard extensions list --company <name> [--json]',
    '  switchboard extensions set <email> <digits | next | none>',
  ].join('\n'),
  async run(args, out) {
    const { values, positionals } = parseOptions(
      args,
      { company: { type: 'string' }, json: { type: 'boolean' } },
      true,
    );
    const [verb, ...rest] = positionals;
    if (verb === 'list' && !rest.length) {
      const overview = await withDatabase(loadDatabaseConfig(process.env), (db) =>
        extensionOverview(db, CLI_ACTOR, values.company, { all: true }),
      );
      if (values.json) {
        out(JSON.stringify(overview, null, 2));
        return 0;
      }
      out(
        `${overview.company}: ${overview.policy.min}–${overview.policy.max} digits, next free ${overview.nextFree ?? 'none'}`,
      );
      for (const row of overview.taken) out(`${row.extension}\t${row.user}`);
      return 0;
    }
    if (verb === 'set' && rest.length === 2) {
      const wanted = rest[1]!.toLowerCase();
      const result = await withDatabase(loadDatabaseConfig(process.env), (db) =>
        setExtension(db, CLI_ACTOR, {
          email: rest[0]!,
          extension: wanted === 'none' ? null : wanted === 'next' ? 'next' : rest[1]!,
        }),
      );
      out(
        result.extension
          ? `${result.user} has extension ${result.extension} now.`
          : `${result.user} has no extension now.`,
      );
      return 0;
    }
    throw new UsageError(
      verb ? `Unknown or incomplete: extensions ${positionals.join(' ')}` : 'Say what to do with extensions.',
    );
  },
};
