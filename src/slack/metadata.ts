import { z } from 'zod';

/**
 * A button value, menu option or form's private_metadata that can't be read: the payload was made
 * by an older version of the app, or tampered with. Only the payload readers throw it; the answer
 * helpers turn it into the listener's "That button is broken" words. Nothing else is "broken".
 */
export class BrokenPayload extends Error {
  constructor(what: string) {
    super(`Unreadable ${what}`);
    this.name = 'BrokenPayload';
  }
}

function parseJson(text: string | undefined, what: string): unknown {
  try {
    return JSON.parse(text ?? '');
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
