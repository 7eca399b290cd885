import { pipeline, Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { emailSchema } from '../../core/users.rules.ts';
import { quote } from '../../core/text.rules.ts';

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

/** A file refused whole; the message says why and how to fix it. */
export class InviteFileError extends Error {
  override name = 'InviteFileError';
}

export type FileSource = Iterable<Buffer | string> | AsyncIterable<Buffer | string>;

type FileCheck = { ok: true; value: InviteFile } | { ok: false; error: string };

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);
const FORMAT = 'Each line is an email and true or false (license on or off), e.g. ada@example.com,true.';
const BATCH_ROWS = 5_000;

/**
 * Reads a MySangoma invitation file as it streams, a batch of rows at a time: two columns, email
 * and license on/off. Tolerates a header row, a UTF-8 BOM, CRLF, quoted fields, `;` as separator,
 * yes/no/1/0 and surrounding spaces. A file that can't be read as such throws InviteFileError —
 * possibly after some batches, so callers that change things must do so all-or-nothing.
 */
export async function* readInviteBatches(source: FileSource, batchRows = BATCH_ROWS): AsyncGenerator<InviteFile> {
  const parser = parse({
    bom: true,
    delimiter: [',', ';'],
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
  });
  // pipeline (unlike pipe) hands a failure of the source on to the parser, and so to the loop below.
  pipeline(Readable.from(checkedBytes(source)), parser, () => {});
  const seen = new Set<string>();
  let batch: InviteFile = { rows: [], invalid: [], duplicates: [] };
  let count = 0;
  let first = true;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const header = first && looksLikeHeader(record);
      first = false;
      if (header) continue;
      count += 1;
      if (count > MAX_ROWS)
        throw new InviteFileError(`The file has more than ${MAX_ROWS} rows. Split it into smaller files.`);
      readRow(record, info.lines, seen, batch);
      if (batch.rows.length + batch.invalid.length + batch.duplicates.length >= batchRows) {
        yield batch;
        batch = { rows: [], invalid: [], duplicates: [] };
      }
    }
  } catch (error) {
    parser.destroy();
    if (error instanceof InviteFileError) throw error;
    throw new InviteFileError(`The file can't be read as CSV (${(error as Error).message}). ${FORMAT}`);
  }
  if (count === 0) throw new InviteFileError(`The file has no rows. ${FORMAT}`);
  yield batch;
}

function readRow(record: string[], line: number, seen: Set<string>, batch: InviteFile): void {
  if (record.length > 2) {
    throw new InviteFileError(`Line ${line} has ${record.length} columns; the file must have two. ${FORMAT}`);
  }
  const [typedEmail = '', typedLicense = ''] = record;
  const email = emailSchema.safeParse(typedEmail);
  const license = typedLicense.toLowerCase();
  if (!email.success) batch.invalid.push({ line, reason: `${quote(typedEmail)} is not an email address` });
  else if (!TRUE.has(license) && !FALSE.has(license)) {
    batch.invalid.push({ line, reason: `${quote(typedLicense)} is not true or false (yes/no and 1/0 work too)` });
  } else if (seen.has(email.data)) batch.duplicates.push({ line, email: email.data });
  else {
    seen.add(email.data);
    batch.rows.push({ line, email: email.data, license: TRUE.has(license) });
  }
}

/** Passes the bytes through, refusing binary files and files over the size limit as they stream. */
async function* checkedBytes(source: FileSource): AsyncGenerator<Buffer> {
  let bytes = 0;
  for await (const chunk of source) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytes += buffer.length;
    if (bytes > MAX_FILE_BYTES)
      throw new InviteFileError('The file is larger than 10 MB. Split it into smaller files.');
    if (buffer.includes(0)) throw new InviteFileError(`This is not a CSV text file. ${FORMAT}`);
    yield buffer;
  }
}

/** Reads a whole (small) file at once: for previews and tests. */
export async function readInviteFile(content: Buffer | string): Promise<FileCheck> {
  const file: InviteFile = { rows: [], invalid: [], duplicates: [] };
  try {
    for await (const batch of readInviteBatches([content])) {
      file.rows.push(...batch.rows);
      file.invalid.push(...batch.invalid);
      file.duplicates.push(...batch.duplicates);
    }
  } catch (error) {
    if (error instanceof InviteFileError) return { ok: false, error: error.message };
    throw error;
  }
  return { ok: true, value: file };
}

function looksLikeHeader(record: string[]): boolean {
  const [first = '', second = ''] = record;
  return !first.includes('@') && !TRUE.has(second.toLowerCase()) && !FALSE.has(second.toLowerCase());
}
