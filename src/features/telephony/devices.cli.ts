import { loadDatabaseConfig } from '../../config.ts';
import { addDevice, assignDevice, listDevices, unassignDevice } from './devices.ts';
import { DEVICE_KINDS, type DeviceKind } from './devices.rules.ts';
import { parseOptions, UsageError, type CliCommand } from '../../cli/command.ts';
import { CLI_ACTOR } from '../../cli/system-actor.ts';
import { withDatabase, withServices } from '../../cli/with-database.ts';
import { plural } from '../../core/words.rules.ts';

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
      const { lines } = await withDatabase(loadDatabaseConfig(process.env), (db) =>
        listDevices(db, CLI_ACTOR, values.company, { all: true }),
      );
      if (values.json) {
        out(JSON.stringify(lines, null, 2));
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
        `${given.user} has ${given.device} now (${plural(given.devices, 'device')}${given.monthlyFee ? `, ${given.monthlyFee} a month` : ''}).`,
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
