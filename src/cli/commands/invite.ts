import { readFile, stat } from 'node:fs/promises';
import { loadDatabaseConfig } from '../../config.ts';
import { MAX_FILE_BYTES, readInviteFile } from '../../domain/invite-csv.ts';
import { previewInvitations } from '../../services/invitations.ts';
import { parseOptions, UsageError, type CliCommand } from '../command.ts';
import { CLI_ACTOR } from '../system-actor.ts';
import { withDatabase } from '../with-database.ts';

const INVALID_SHOWN = 10;

export const invite: CliCommand = {
  summary: 'check an invitation file (CSV: email,true/false) against a company: a dry run',
  usage: [
    'Usage: switchboard invite --csv <file> --company <name> [--product <name>] --dry-run',
    '',
    'Reads a MySangoma invitation file (two columns: email and true/false for the license; a header',
    'row, ; separators, yes/no and 1/0 are fine) and says what importing it would do: new people,',
    'existing users, duplicate and invalid rows (with line numbers), and seats needed vs. available.',
    'Nothing is changed. Importing is not available yet: --dry-run is required.',
  ].join('\n'),
  async run(args, out) {
    const { values } = parseOptions(args, {
      csv: { type: 'string' },
      company: { type: 'string' },
      product: { type: 'string' },
      'dry-run': { type: 'boolean' },
    });
    if (!values.csv || !values.company)
      throw new UsageError('Give the file and the company: --csv <file> --company <name>.');
    if (!values['dry-run']) throw new UsageError('Importing is not available yet; add --dry-run to check the file.');
    const size = await stat(values.csv).then(
      (info) => info.size,
      () => -1,
    );
    if (size < 0) throw new UsageError(`There is no file ${values.csv}.`);
    if (size > MAX_FILE_BYTES) throw new UsageError('The file is larger than 10 MB. Split it into smaller files.');
    const file = readInviteFile(await readFile(values.csv));
    if (!file.ok) throw new UsageError(file.error);
    const preview = await withDatabase(loadDatabaseConfig(process.env), (db) =>
      previewInvitations(db, CLI_ACTOR, { company: values.company, product: values.product, file: file.value }),
    );
    out(`Dry run for ${preview.company}${preview.product ? `, product ${preview.product}` : ''}: nothing was changed.`);
    out(`New people: ${preview.newPeople}`);
    out(`Already users: ${preview.alreadyUsers}`);
    out(`Duplicate rows: ${preview.duplicates}`);
    out(`Invalid rows: ${preview.invalid.length}`);
    for (const row of preview.invalid.slice(0, INVALID_SHOWN)) out(`  line ${row.line}: ${row.reason}`);
    if (preview.invalid.length > INVALID_SHOWN) out(`  … and ${preview.invalid.length - INVALID_SHOWN} more`);
    const available = preview.seatsAvailable === null ? '' : ` of ${preview.seatsAvailable} available`;
    out(
      `Seats needed: ${preview.seatsNeeded}${available}${preview.seatsAvailable !== null && preview.seatsNeeded > preview.seatsAvailable ? ' — not enough seats' : ''}`,
    );
    return 0;
  },
};
