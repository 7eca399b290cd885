import { readFile } from 'node:fs/promises';
import { loadDatabaseConfig, loadServiceConfig } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import type { ServiceSettings } from '../../core/settings.ts';
import { addDevice, assignDevice, listDevices, unassignDevice } from './devices.ts';
import { DEVICE_KINDS, type DeviceKind } from './devices.rules.ts';
import { extensionOverview, setExtension } from './extensions.ts';
import { addNumbers, assignNumber, numberPool, unassignNumber } from './numbers.ts';
import { parseOptions, UsageError, type CliCommand } from '../../cli/command.ts';
import { CLI_ACTOR } from '../../cli/system-actor.ts';
import { withDatabase } from '../../cli/with-database.ts';

/** Runs `work` with the database and the service settings (channels, phone region, device fee). */
const withServices = <T>(work: (db: Database, config: ServiceSettings) => Promise<T>) => {
  const config = loadServiceConfig(process.env);
  return withDatabase(config, (db) => work(db, config));
};

const json = (value: unknown) => JSON.stringify(value, null, 2);

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
      out(`Added ${added.added} number(s) to the pool of ${added.company}.`);
      return 0;
    }
    if (verb === 'list' && !rest.length) {
      const pool = await withDatabase(loadDatabaseConfig(process.env), (db) =>
        numberPool(db, CLI_ACTOR, values.company),
      );
      if (values.json) {
        out(json(pool));
        return 0;
      }
      out(`${pool.company}: ${pool.available} free, ${pool.assigned.length} assigned`);
      for (const number of pool.firstAvailable) out(`${number}\tfree`);
      for (const row of pool.assigned) out(`${row.number}\t${row.user}`);
      return 0;
    }
    if (verb === 'add' && rest.length === 1) {
      if (!values.company) throw new UsageError('Say whose pool: --company <name>.');
      const added = await withServices((db, config) =>
        addNumbers(db, config, CLI_ACTOR, { numbers: rest[0]!, company: values.company }),
      );
      out(`Added ${added.added} number(s) to the pool of ${added.company}.`);
      return 0;
    }
    if ((verb === 'assign' || verb === 'move') && rest.length === 2) {
      const [email, number] = verb === 'assign' ? rest : [rest[1]!, rest[0]!];
      const given = await withServices((db, config) =>
        assignNumber(db, config, CLI_ACTOR, { email: email!, number: number!, move: verb === 'move' }),
      );
      out(`${given.user} has ${given.number} now${given.from ? ` (was ${given.from}'s)` : ''}.`);
      return 0;
    }
    if (verb === 'unassign' && rest.length === 1) {
      const taken = await withServices((db, config) => unassignNumber(db, config, CLI_ACTOR, rest[0]!));
      out(
        taken.user ? `${taken.number} is back in the pool (was ${taken.user}'s).` : `${taken.number} was free already.`,
      );
      return 0;
    }
    throw new UsageError(
      verb ? `Unknown or incomplete: numbers ${positionals.join(' ')}` : 'Say what to do with numbers.',
    );
  },
};

const KINDS = new Set<DeviceKind>(DEVICE_KINDS);

export const devices: CliCommand = {
  summary: 'devices (VoIP phones by MAC, mobiles, external phones): list, add, assign, unassign',
  usage: [
    'Usage:',
    '  switchboard devices list [--company <name>] [--json]',
    '  switchboard devices add voip <MAC> --company <name> [--model <model>] [--ports <n>]',
    '  switchboard devices add mobile|external <number> --company <name>',
    '  switchboard devices assign <email> <MAC | number> [--accept-fee]',
    '  switchboard devices unassign <MAC | number>',
    '',
    'A third or later device of a user costs DEVICE_FEE a month each: assigning it needs --accept-fee.',
  ].join('\n'),
  async run(args, out) {
    const { values, positionals } = parseOptions(
      args,
      {
        company: { type: 'string' },
        model: { type: 'string' },
        ports: { type: 'string' },
        json: { type: 'boolean' },
        'accept-fee': { type: 'boolean' },
      },
      true,
    );
    const [verb, ...rest] = positionals;
    if (verb === 'list' && !rest.length) {
      const lines = await withDatabase(loadDatabaseConfig(process.env), (db) =>
        listDevices(db, CLI_ACTOR, values.company),
      );
      if (values.json) {
        out(json(lines));
        return 0;
      }
      if (!lines.length) out('No devices.');
      for (const line of lines) out(`${line.device}\t${line.company}\t${line.user ?? 'unassigned'}`);
      return 0;
    }
    if (verb === 'add' && rest.length === 2 && KINDS.has(rest[0] as DeviceKind)) {
      if (!values.company) throw new UsageError('Say whose device it is: --company <name>.');
      const added = await withServices((db, config) =>
        addDevice(db, config, CLI_ACTOR, {
          kind: rest[0] as DeviceKind,
          address: rest[1]!,
          model: values.model,
          ports: values.ports,
          company: values.company,
        }),
      );
      out(`Added ${added.device} to ${added.company}.`);
      return 0;
    }
    if (verb === 'assign' && rest.length === 2) {
      const given = await withServices((db, config) =>
        assignDevice(db, config, CLI_ACTOR, { email: rest[0]!, device: rest[1]!, acceptFee: values['accept-fee'] }),
      );
      out(
        `${given.user} has ${given.device} now (${given.devices} device(s)${given.monthlyFee ? `, ${given.monthlyFee} a month` : ''}).`,
      );
      return 0;
    }
    if (verb === 'unassign' && rest.length === 1) {
      const taken = await withServices((db, config) => unassignDevice(db, config, CLI_ACTOR, rest[0]!));
      out(taken.user ? `${taken.device} is free again (was ${taken.user}'s).` : `${taken.device} was free already.`);
      return 0;
    }
    throw new UsageError(
      verb ? `Unknown or incomplete: devices ${positionals.join(' ')}` : 'Say what to do with devices.',
    );
  },
};

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
        extensionOverview(db, CLI_ACTOR, values.company),
      );
      if (values.json) {
        out(json(overview));
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
