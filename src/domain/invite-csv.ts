import { parse } from 'csv-parse/sync';
import { emailSchema } from './users.ts';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_ROWS = 100_000;

export interface InviteRow {
  /** The line in the file (1-based), for messages people can act on. */
  line: number;
  email: string;
  /** Whether the person gets a license (and so an invitation) now. */
  license: boolean;
}

export interface InviteFile {
  rows: InviteRow[];
  /** Rows that can't be used, with why. */
  invalid: { line: number; reason: string }[];
  /** Rows repeating an earlier row's email (the first one counts). */
  duplicates: { line: number; email: string }[];
}

export type FileCheck = { ok: true; value: InviteFile } | { ok: false; error: string };

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);
const FORMAT = 'Each line is an email and true or false (license on or off), e.g. ada@example.com,true.';

/**
 * Reads a MySangoma invitation file: two columns, email and license on/off. Tolerates a header row,
 * a UTF-8 BOM, CRLF, quoted fields, `;` as separator, yes/no/1/0 and surrounding spaces. A file
 * that can't be read as such is refused whole, saying why.
 */
export function readInviteFile(content: Buffer | string): FileCheck {
  const bytes = typeof content === 'string' ? Buffer.byteLength(content) : content.length;
  if (bytes > MAX_FILE_BYTES)
    return { ok: false, error: `The file is larger than 10 MB. Split it into smaller files.` };
  const text = typeof content === 'string' ? content : content.toString('utf8');
  if (text.includes('\u0000')) return { ok: false, error: `This is not a CSV text file. ${FORMAT}` };
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      delimiter: [',', ';'],
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as typeof records; // with `info`, each record comes with where it was read
  } catch (error) {
    return { ok: false, error: `The file can't be read as CSV (${(error as Error).message}). ${FORMAT}` };
  }
  if (records.length && looksLikeHeader(records[0]!.record)) records = records.slice(1);
  if (!records.length) return { ok: false, error: `The file has no rows. ${FORMAT}` };
  if (records.length > MAX_ROWS) {
    return { ok: false, error: `The file has more than ${MAX_ROWS} rows. Split it into smaller files.` };
  }
  const file: InviteFile = { rows: [], invalid: [], duplicates: [] };
  const seen = new Set<string>();
  for (const { record, info } of records) {
    const line = info.lines;
    if (record.length > 2) {
      return { ok: false, error: `Line ${line} has ${record.length} columns; the file must have two. ${FORMAT}` };
    }
    const [typedEmail = '', typedLicense = ''] = record;
    const email = emailSchema.safeParse(typedEmail);
    const license = typedLicense.toLowerCase();
    if (!email.success) file.invalid.push({ line, reason: `“${typedEmail}” is not an email address` });
    else if (!TRUE.has(license) && !FALSE.has(license)) {
      file.invalid.push({ line, reason: `“${typedLicense}” is not true or false (yes/no and 1/0 work too)` });
    } else if (seen.has(email.data)) file.duplicates.push({ line, email: email.data });
    else {
      seen.add(email.data);
      file.rows.push({ line, email: email.data, license: TRUE.has(license) });
    }
  }
  return { ok: true, value: file };
}

function looksLikeHeader(record: string[]): boolean {
  const [first = '', second = ''] = record;
  return !first.includes('@') && !TRUE.has(second.toLowerCase()) && !FALSE.has(second.toLowerCase());
}
