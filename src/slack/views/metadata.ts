import { z } from 'zod';

const target = z.object({ id: z.string(), v: z.number().int() });

/**
 * Reads the user id and version a card button or modal carries. Ids only: every service call
 * re-checks who may do what.
 */
export function readTarget(text: string | undefined): { id: string; v: number } | undefined {
  try {
    const parsed = target.safeParse(JSON.parse(text ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
