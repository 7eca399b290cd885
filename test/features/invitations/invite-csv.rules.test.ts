import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InviteFileError,
  MAX_ROWS,
  readInviteBatches,
  readInviteFile,
} from '../../../src/features/invitations/invite-csv.rules.ts';

const read = async (text: string | Buffer) => {
  const result = await readInviteFile(text);
  if (!result.ok) throw new Error(result.error);
  return result.value;
};

describe('invitation files', () => {
  it('reads email,true/false rows', async () => {
    expect((await read('ada@example.com,true\nbob@example.com,false\n')).rows).toEqual([
      { line: 1, email: 'ada@example.com', license: true },
      { line: 2, email: 'bob@example.com', license: false },
    ]);
  });

  it('tolerates a header row, a BOM, CRLF, quotes, semicolons, yes/no/1/0 and spaces', async () => {
    const file = await read(
      '\uFEFFEmail;License\r\n"Ada@Example.com" ; yes\r\n bob@example.com ;0\r\n\r\ncarol@example.com;"1"\r\n',
    );
    expect(file.rows).toEqual([
      { line: 2, email: 'ada@example.com', license: true },
      { line: 3, email: 'bob@example.com', license: false },
      { line: 5, email: 'carol@example.com', license: true },
    ]);
    expect(file.invalid).toEqual([]);
  });

  it('reports invalid rows with their line and why, and duplicates after the first', async () => {
    const file = await read('ada@example.com,true\nnot-an-email,true\nbob@example.com,maybe\nADA@example.com,false\n');
    expect(file.rows.map((row) => row.email)).toEqual(['ada@example.com']);
    expect(file.invalid).toEqual([
      { line: 2, reason: '“not-an-email” is not an email address' },
      { line: 3, reason: '“maybe” is not true or false (yes/no and 1/0 work too)' },
    ]);
    expect(file.duplicates).toEqual([{ line: 4, email: 'ada@example.com' }]);
  });

  it.each([
    ['', 'The file has no rows'],
    ['email,license\n', 'The file has no rows'],
    ['ada@example.com,true,extra\n', 'Line 1 has 3 columns; the file must have two'],
    [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]), 'This is not a CSV text file'],
    ['ada@example.com,"true\n', "can't be read as CSV"],
    ['x'.repeat(10 * 1024 * 1024 + 1), 'larger than 10 MB'],
    [Array.from({ length: MAX_ROWS + 1 }, (_, i) => `u${i}@example.com,true`).join('\n'), `more than ${MAX_ROWS} rows`],
  ])('refuses a file that is not one, saying why (%#)', async (content, message) => {
    const result = await readInviteFile(content);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });

  it('accounts for every row: each is read, invalid or a duplicate', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.oneof(fc.emailAddress(), fc.string({ maxLength: 12 })),
            fc.constantFrom('true', 'false', 'yes', 'x'),
          ),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        async (rows) => {
          const text = [
            'ada@example.com,true',
            ...rows.map(([email, license]) => `"${email.replaceAll('"', '""')}",${license}`),
          ].join('\n');
          const result = await readInviteFile(text);
          if (!result.ok) return;
          const file = result.value;
          expect(file.rows.length + file.invalid.length + file.duplicates.length).toBe(rows.length + 1);
        },
      ),
    );
  });

  it('streams: a file arriving in pieces reads the same, in batches, and a failure late in it still refuses it', async () => {
    const lines = Array.from({ length: 25 }, (_, i) => `user${i}@example.com,${i % 2 ? 'yes' : 'no'}\n`).join('');
    const pieces = lines.match(/[\s\S]{1,7}/g)!;
    const batches: number[] = [];
    for await (const batch of readInviteBatches(pieces, 10)) batches.push(batch.rows.length);
    expect(batches).toEqual([10, 10, 5]);
    const late = [lines, 'zed@example.com,true,extra\n'];
    await expect(async () => {
      for await (const batch of readInviteBatches(late, 10)) void batch;
    }).rejects.toThrow(InviteFileError);
  });
});
