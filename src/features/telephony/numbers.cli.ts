import { readFile } from 'node:fs/promises';
import { formatPhone } from '../../core/phone.rules.ts';
import { loadDatabaseConfig } from '../../config.ts';
import { addNumbers, assignNumber, numberPool, unassignNumber } from './numbers.ts';
import { parseOptions, UsageError, type CliCommand } from '../../cli/command.ts';
import { CLI_ACTOR } from '../../cli/system-actor.ts';
import { withDatabase, withServices } from '../../cli/with-database.ts';
import { plural } from '../../core/words.rules.ts';

export const numbers: CliCommand = {
  summary: 'phone number pools: list, add (one or a range), assign, move, unassign',
  usage: [
    'Usage:',
    '  switchboard numbers list --company <name> [--json]',
    '  switchboard numbers add <number | first..last> --company <name>',
    '  switchboard numbers add --csv <file> --company <name>   (one number per line; all or nothing)',
    '  switchboard numbers assign <email> <number>',
    '  switchboard numbers move <number> <email>',
    '  switchboard numbers unassign <number>',
  ].join('\n'),
  async run(args, out) {
    const { values, positionals } = parseOptions(
      args,
      { company: { type: 'string' }, json: { type: 'boolean' }, csv: { type: 'string' } },
      true,
    );
    const [verb, ...rest] = positionals;
    if (verb === 'add' && values.csv && !rest.length) {
      if (!values.company) throw new UsageError('Say whose pool: --company <name>.');
      const file = values.csv;
      const text = await readFile(file, 'utf8').catch(() => {
        throw new UsageError(`There is no file ${file}.`);
      });
      const added = await withServices((db, config) =>
        addNumbers(db, config, CLI_ACTOR, { numbers: text, company: values.company, list: true }),
      );
      out(`Added ${plural(added.added, 'number')} to the pool of ${added.company}.`);
      return 0;
    }
    if (verb === 'list' && !rest.length) {
      const pool = await withDatabase(loadDatabaseConfig(process.env), (db) =>
        numberPool(db, CLI_ACTOR, values.company, { all: true }),
      );
      if (values.json) {
        out(JSON.stringify(pool, null, 2));
        return 0;
      }
      out(`${pool.company}: ${pool.available} free, ${pool.assigned.length} assigned`);
      for (const number of pool.firstAvailable) out(`${formatPhone(number)}\tfree`);
      for (const row of pool.assigned) out(`${formatPhone(row.number)}\t${row.user}`);
      return 0;
    }
    if (verb === 'add' && rest.length === 1) {
      if (!values.company) throw new UsageError('Say whose pool: --company <name>.');
      const added = await withServices((db, config) =>
        addNumbers(db, config, CLI_ACTOR, { numbers: rest[0]!, company: values.company }),
      );
      out(`Added ${plural(added.added, 'number')} to the pool of ${added.company}.`);
      return 0;
    }
    if ((verb === 'assign' || verb === 'move') && rest.length === 2) {
      const [email, number] = verb === 'assign' ? rest : [rest[1]!, rest[0]!];
      const given = await withServices((db, config) =>
        assignNumber(db, config, CLI_ACTOR, { email: email!, number: number!, move: verb === 'move' }),
      );
      out(`${given.user} has ${formatPhone(given.number)} now${given.from ? ` (was ${given.from}'s)` : ''}.`);
      return 0;
    }
    if (verb === 'unassign' && rest.length === 1) {
      const taken = await withServices((db, config) => unassignNumber(db, config, CLI_ACTOR, rest[0]!));
      out(
        taken.user
          ? `${formatPhone(taken.number)} is back in the pool (was ${taken.user}'s).`
          : `${formatPhone(taken.number)} was free already.`,
      );
      return 0;
    }
    throw new UsageError(
      verb ? `Unknown or incomplete: numbers ${positionals.join(' ')}` : 'Say what to do with numbers.',
    );
  },
};
