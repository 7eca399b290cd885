import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Undoes quoted-printable (RFC 2045), as mail programs do before showing a text part. */
export function decodeQuotedPrintable(text: string): string {
  return text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The invitation link in a raw email. */
export function invitationLink(raw: string): string {
  const link = decodeQuotedPrintable(raw).match(/https?:\/\/\S+\/invites\/[A-Za-z0-9_-]+/);
  if (!link) throw new Error(`no invitation link in:\n${raw}`);
  return link[0];
}

/** The .eml files written instead of sending (no SMTP_URL), oldest first. */
export async function droppedMail(dir: string): Promise<{ file: string; raw: string }[]> {
  const files = (await readdir(dir).catch(() => [])).filter((name) => name.endsWith('.eml')).sort();
  return Promise.all(files.map(async (file) => ({ file, raw: await readFile(join(dir, file), 'utf8') })));
}
