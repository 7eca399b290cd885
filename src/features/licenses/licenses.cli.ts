import { loadDatabaseConfig } from '../../config.ts';
import { addSeats, licenseSummary } from './licenses.ts';
import { parseOptions, UsageError, type CliCommand } from '../../cli/command.ts';
import { CLI_ACTOR } from '../../cli/system-actor.ts';
import { withDatabase, withServices } from '../../cli/with-database.ts';
import { nounFor, readWholeNumber } from '../../core/words.rules.ts';
import { MAX_SEATS_AT_ONCE } from './licenses.rules.ts';

export const licenses: CliCommand = {
  summary: 'list the seat inventory, or record purchased seats (as /licenses does)',
  usage: [
    'Usage:',
    '  switchboard licenses list [--json]',
    '  switchboard licenses add <product> <seats> --company <name>',
    '',
    'Seats are recorded as system:cli in the audit trail and announced in NOTIFY_CHANNEL.',
  ].join('\n'),
  async run(args, out) {
    const { values, positionals } = parseOptions(
      args,
      { json: { type: 'boolean' }, company: { type: 'string' } },
      true,
    );
    const [verb, ...rest] = positionals;
    if (verb === 'list' && !rest.length) {
      const lines = await withDatabase(loadDatabaseConfig(process.env), (db) => licenseSummary(db, CLI_ACTOR));
      if (values.json) out(JSON.stringify(lines, null, 2));
      else if (!lines.length) out('No licenses yet.');
      else
        for (const line of lines)
          out(`${line.company}\t${line.product}\t${line.inUse}/${line.total} in use\t${line.available} available`);
      return 0;
    }
    if (verb === 'add' && rest.length === 2) {
      if (!values.company) throw new UsageError('Say which company the seats are for: --company <name>.');
      const seats = readWholeNumber(rest[1]!, 'the number of seats', { max: MAX_SEATS_AT_ONCE });
      if (!seats.ok) throw new UsageError(seats.message);
      const result = await withServices((db, config) =>
        addSeats(db, config, CLI_ACTOR, { product: rest[0]!, seats: seats.value, company: values.company }),
      );
      out(`${result.company} now has ${result.total} ${result.product} ${nounFor(result.total, 'seat')}.`);
      return 0;
    }
    throw new UsageError(
      verb ? `Unknown or incomplete: licenses ${positionals.join(' ')}` : 'Say what to do with licenses.',
    );
  },
};
