import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { MAX_FILE_BYTES } from './invite-csv.rules.ts';
import { importInvitations, previewInvitations, type InvitePreview } from './invitation-import.ts';
import { parseOptions, UsageError, type CliCommand } from '../../cli/command.ts';
import { CLI_ACTOR } from '../../cli/system-actor.ts';
import { withServices } from '../../cli/with-database.ts';
import { plural } from '../../core/words.rules.ts';

export const invite: CliCommand = {
  summary: 'invite the people in a CSV file (email,true/false) into a company; --dry-run to check it first',
  usage: [
    'Usage: switchboard invite --csv <file> --company <name> [--product <name>] [--dry-run]',
    '',
    'Reads a MySangoma invitation file (two columns: email and true/false for the license; a header',
    'row, ; separators, yes/no and 1/0 are fine) and says what importing it does: new people,',
    'existing users, people invited before, duplicate and invalid rows (with line numbers), and seats',
    'needed vs. available. With --dry-run nothing changes. Without it the file is imported: all or',
    'nothing, people with their license on get a seat of --product and an invitation, the others are',
    'listed as invited and wait for a license. Importing the same file again invites nobody twice.',
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
    const path = values.csv;
    const size = await stat(path).then(
      (info) => info.size,
      () => -1,
    );
    if (size < 0) throw new UsageError(`There is no file ${path}.`);
    if (size > MAX_FILE_BYTES) throw new UsageError('The file is larger than 10 MB. Split it into smaller files.');
    const choice = { company: values.company, product: values.product };
    return withServices(async (db, config) => {
      const preview = await previewInvitations(db, CLI_ACTOR, { ...choice, source: createReadStream(path) });
      printPreview(preview, out);
      if (values['dry-run']) {
        out('Dry run: nothing was changed. Run again without --dry-run to import.');
        return 0;
      }
      const result = await importInvitations(db, config, CLI_ACTOR, {
        ...choice,
        fileName: basename(path),
        source: createReadStream(path),
      });
      out(
        `Imported into ${result.company}: ${result.invited - result.waitingForLicense} invited, ${result.waitingForLicense} listed waiting for a license, ${plural(result.skipped, 'row')} skipped.`,
      );
      if (result.invited > result.waitingForLicense) {
        out('The running app sends the invitations: a Slack DM to workspace members, an email to everyone else.');
      }
      return 0;
    });
  },
};

function printPreview(preview: InvitePreview, out: (line: string) => void) {
  out(`${plural(preview.rows, 'row')} for ${preview.company}${preview.product ? `, product ${preview.product}` : ''}:`);
  out(`New people: ${preview.newPeople}`);
  out(`Already users: ${preview.alreadyUsers}`);
  out(`Already invited: ${preview.alreadyInvited}`);
  out(`Duplicate rows: ${preview.duplicates}`);
  out(`Invalid rows: ${preview.invalid}`);
  for (const row of preview.firstInvalid) out(`  line ${row.line}: ${row.reason}`);
  if (preview.invalid > preview.firstInvalid.length)
    out(`  … and ${preview.invalid - preview.firstInvalid.length} more`);
  const available = preview.seatsAvailable === null ? '' : ` of ${preview.seatsAvailable} available`;
  const short = preview.seatsAvailable !== null && preview.seatsNeeded > preview.seatsAvailable;
  out(`Seats needed: ${preview.seatsNeeded}${available}${short ? ' — not enough seats' : ''}`);
}
