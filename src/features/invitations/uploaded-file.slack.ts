import { DomainError } from '../../core/errors.ts';
import { MAX_FILE_BYTES } from './invite-csv.rules.ts';
import type { UploadedFile } from './read-invite-form.slack.ts';

/** A file that can't be fetched from Slack; the message says what to do. */
class FileDownloadError extends DomainError {}

/**
 * Downloads a file uploaded in a modal, with the bot token. The token is only ever sent to Slack's
 * own file host (or the Web API's host, for a proxy or the test fake), never to a URL elsewhere.
 */
export async function downloadSlackFile(file: UploadedFile, token: string, apiUrl: string): Promise<Buffer> {
  const url = new URL(file.url_private_download ?? '', 'invalid:/');
  const trusted = new Set(['https://files.slack.com', new URL(apiUrl).origin]);
  if (!trusted.has(url.origin))
    throw new FileDownloadError('Slack gave no download link for that file; upload it again.');
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, redirect: 'error' }).catch(
    () => undefined,
  );
  if (!response?.ok || !response.body) {
    throw new FileDownloadError('Switchboard could not download the file from Slack; upload it again in a minute.');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > MAX_FILE_BYTES)
      throw new FileDownloadError('The file is larger than 10 MB. Split it into smaller files.');
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}
