import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';
import { loadDatabaseConfig } from '../../config.ts';
import { auditSince, listAudit } from './audit-log.ts';
import { actionWords, capitalized, changesInWords, changeText, labelledPerson } from './audit-words.rules.ts';
import { personName } from '../../core/users.rules.ts';
import { plural } from '../../core/words.rules.ts';
import { parseOptions, UsageError, type CliCommand } from '../../cli/command.ts';
import { CLI_ACTOR } from '../../cli/system-actor.ts';
import { withDatabase } from '../../cli/with-database.ts';

const COLUMNS = [
  'id',
  'at',
  'actor',
  'action',
  'what',
  'target_type',
  'target_id',
  'target',
  'organization_id',
  'before',
  'after',
  'changes',
];

export const audit: CliCommand = {
  summary: 'the latest changes in words, or the audit trail exported as CSV or JSON lines',
  usage: [
    'Usage:',
    '  switchboard audit list [email | company] [--before <id>]',
    '  switchboard audit export --since <date> [--format csv|jsonl] [--out <file>]',
    '',
    'list: the latest changes, newest first, in words (as /audit shows them), 20 at a time.',
    'Writes every change since the date (e.g. 2026-11-01, or 2026-11-01T09:00:00Z), oldest first,',
    'to the file or to standard output. CSV has a header row. `what` and `changes` say it in words;',
    '`action` is its code and before/after are JSON, for programs.',
  ].join('\n'),
  async run(args, out) {
    const { values, positionals } = parseOptions(
      args,
      {
        since: { type: 'string' },
        format: { type: 'string', default: 'csv' },
        out: { type: 'string' },
        before: { type: 'string' },
      },
      true,
    );
    if (positionals[0] === 'list') return listChanges(positionals.slice(1).join(' '), values.before, out);
    if (positionals.join(' ') !== 'export') throw new UsageError('Say `audit export` or `audit list`.');
    if (!values.since) throw new UsageError('Missing --since, e.g. --since 2026-11-01.');
    const since = parseISO(values.since);
    if (!isValid(since)) throw new UsageError(`--since takes a date such as 2026-11-01, not “${values.since}”.`);
    if (values.format !== 'csv' && values.format !== 'jsonl') {
      throw new UsageError(`--format is csv or jsonl, not “${values.format}”.`);
    }
    const format = values.format;
    const count = await withDatabase(loadDatabaseConfig(process.env), async (db) => {
      let rows = 0;
      async function* records() {
        for await (const event of auditSince(db, CLI_ACTOR, since)) {
          rows += 1;
          const record = {
            id: String(event.id),
            at: event.at.toISOString(),
            // Named as people read names ("Ada Lovelace (ada@example.com)"); target_id finds the row.
            actor: personName(labelledPerson(event.actorLabel)),
            action: event.action,
            what: actionWords(event.action),
            target_type: event.targetType,
            target_id: event.targetId ?? '',
            target: event.targetType === 'user' ? personName(labelledPerson(event.targetLabel)) : event.targetLabel,
            organization_id: event.organizationId ?? '',
            before: event.before === null ? '' : JSON.stringify(event.before),
            after: event.after === null ? '' : JSON.stringify(event.after),
            changes: changesInWords(event.action, event.before, event.after)
              .map((change) => changeText(change))
              .join('; '),
          };
          yield format === 'csv' ? record : `${JSON.stringify(record)}\n`;
        }
      }
      const target = values.out ? createWriteStream(values.out) : stdoutKeptOpen();
      if (format === 'csv') await pipeline(records(), stringify({ header: true, columns: COLUMNS }), target);
      else await pipeline(records(), target);
      return rows;
    });
    if (values.out) out(`Wrote ${plural(count, 'change')} since ${since.toISOString()} to ${values.out}.`);
    return 0;
  },
};

/** `switchboard audit list`: one page of the latest changes, each in words, and how to see older ones. */
async function listChanges(about: string, before: string | undefined, out: (line: string) => void): Promise<number> {
  if (before !== undefined && !/^\d+$/.test(before)) {
    throw new UsageError(`--before takes the number printed after "More:", not “${before}”.`);
  }
  const page = await withDatabase(loadDatabaseConfig(process.env), (db) => listAudit(db, CLI_ACTOR, about, before));
  if (!page.entries.length) out(page.about ? `No changes about ${page.about}.` : 'No changes yet.');
  for (const entry of page.entries) {
    out(
      `${entry.at.toISOString().slice(0, 16).replace('T', ' ')}  ${capitalized(entry.what)}: ${personName(entry.target)} — by ${personName(entry.actor)}`,
    );
    if (entry.changes.length) out(`    ${entry.changes.map((change) => changeText(change)).join(' · ')}`);
  }
  if (page.olderThan) out(`More: switchboard audit list ${about ? `${about} ` : ''}--before ${page.olderThan}`);
  return 0;
}

/** Standard output as a pipeline target that the pipeline must not close. */
function stdoutKeptOpen() {
  return new Writable({
    write(chunk, _encoding, done) {
      process.stdout.write(chunk, done);
    },
  });
}
