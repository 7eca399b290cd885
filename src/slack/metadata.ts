import { z } from 'zod';
import { isUuid } from '../core/ids.rules.ts';

/**
 * A button value, menu option or form's private_metadata that can't be read: the payload was made
 * by an older version of the app, or tampered with. Only the payload readers throw it; the answer
 * helpers turn it into the listener's "That button is broken" words, or for a form's metadata
 * `FORM_OUT_OF_DATE`. Nothing else is "broken". Every listener reads what a button, menu or form
 * carries through these readers, so junk, a wrong shape or 100 kB of it is never a 500.
 */
export class BrokenPayload extends Error {
  constructor(what: string) {
    super(`Unreadable ${what}`);
    this.name = 'BrokenPayload';
  }
}

/**
 * What a person is told when the form they submitted carries metadata that can't be read (a form
 * from an older version of the app, or tampered with); `how` says where to open it again.
 */
export function formOutOfDate(how?: string): string {
  return `This form is out of date — close it and open it again${how ? ` ${how}` : ''}.`;
}

/** JSON.parse's reviver: a NUL (written `\u0000` in the JSON) is never in what the app wrote. */
function noNul(_key: string, value: unknown): unknown {
  if (typeof value === 'string' && value.includes('\u0000')) throw new Error('NUL');
  return value;
}

function parseJson(text: string | undefined, what: string): unknown {
  try {
    return JSON.parse(text ?? '', noNul);
  } catch {
    throw new BrokenPayload(what);
  }
}

/**
 * Reads JSON a button value, menu option or private_metadata carries, as `schema` says it must
 * be; BrokenPayload when it is not. Never trusted for authority: every use case re-checks.
 */
export function readPayload<T>(schema: z.ZodType<T>, text: string | undefined, what = 'payload'): T {
  const parsed = schema.safeParse(parseJson(text, what));
  if (!parsed.success) throw new BrokenPayload(what);
  return parsed.data;
}

const target = z.object({ id: z.string(), v: z.number().int() });

/** Reads the user id and version a card button or modal carries (BrokenPayload when it can't). */
export function readTarget(text: string | undefined): { id: string; v: number } {
  return readPayload(target, text, 'user reference');
}

/** Reads a row id that is a form's whole private_metadata (BrokenPayload when it isn't one). */
export function readId(text: string | undefined, what = 'id'): string {
  if (text === undefined || !isUuid(text)) throw new BrokenPayload(what);
  return text;
}
