import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { withoutNul } from '../core/text.rules.ts';

/**
 * Removes NUL (U+0000) from every string of a Slack request before any listener reads it: a
 * command's text, what a form holds, a button's value, a menu's search, private_metadata.
 * PostgreSQL can't store NUL in text, and no person means one, so none passes the Slack shell —
 * whatever a listener does with a value, it can't turn into a database error. Other control
 * characters are refused on their field, in words, by the form rules (core/text.rules.ts).
 */
export const stripNul: Middleware<AnyMiddlewareArgs> = async ({ body, next }) => {
  removeNul(body);
  await next();
};

/** Walks the parsed body (without recursion: a body may be deeply nested) and cleans it in place. */
export function removeNul(root: unknown): void {
  const pending: unknown[] = [root];
  while (pending.length) {
    const node = pending.pop();
    if (node === null || typeof node !== 'object') continue;
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const value = record[key];
      if (typeof value === 'string') {
        if (value.includes('\u0000')) record[key] = withoutNul(value);
      } else if (value !== null && typeof value === 'object') {
        pending.push(value);
      }
    }
  }
}
