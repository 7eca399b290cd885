import { z } from 'zod';

const target = z.object({ id: z.string(), v: z.number().int() });

/** JSON from a button value or private_metadata, or undefined when it is not JSON. */
export function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return undefined;
  }
}

/**
 * Reads the user id and version a card button or modal carries. Ids only: every service call
 * re-checks who may do what.
 */
export function readTarget(text: string | undefined): { id: string; v: number } | undefined {
  const parsed = target.safeParse(safeJson(text));
  return parsed.success ? parsed.data : undefined;
}
