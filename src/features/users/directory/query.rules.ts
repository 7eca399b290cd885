import { tokenize, type TokenizeOptions } from '../../../slack/command-tokens.rules.ts';
import { emailSchema, type Checked } from '../../../core/users.rules.ts';
import { characterCount, withoutNul } from '../../../core/text.rules.ts';
import { isUuid } from '../../../core/ids.rules.ts';

/** What `/users` was asked for: free text plus filters. */
export interface UserQuery {
  /** Lower-case text to find in name, email, title, phone numbers or company name. */
  text: string;
  status?: 'active' | 'deactivated' | 'invited';
  adminsOnly: boolean;
  /** A company name (or part of it) to list the users of. */
  company?: string;
}

export const PAGE_SIZE = 50;
/** The longest search text (words and filters): the Find users form's `max_length` reads it. */
export const MAX_SEARCH_LENGTH = 200;

export const FILTER_HELP =
  'Filters: `is:active`, `is:deactivated`, `is:invited`, `is:admin`, `company:<name>` (quote names with spaces: `company:"Acme West"`).';

/**
 * Reads `/users` text such as `ada is:active company:"Acme West"`. `escaped`: the text is a
 * slash command's, as Slack sends it (see command-text.ts); not for a form field or the CLI.
 */
export function parseUserQuery(input: string, { escaped = false }: TokenizeOptions = {}): Checked<UserQuery> {
  const query: UserQuery = { text: '', adminsOnly: false };
  if (characterCount(input.trim()) > MAX_SEARCH_LENGTH) {
    return { ok: false, errors: { filter: `A search has at most ${MAX_SEARCH_LENGTH} characters.` } };
  }
  const read = tokenize(input, { escaped });
  if (!read.ok) return { ok: false, errors: { filter: read.message } };
  const words: string[] = [];
  for (let i = 0; i < read.tokens.length; i++) {
    const token = read.tokens[i]!;
    const key = token.kind === 'word' ? token.key : undefined;
    const value = token.kind === 'word' ? (token.value ?? '') : '';
    if (key === 'is') {
      const flag = value.toLowerCase();
      if (flag === 'active' || flag === 'deactivated' || flag === 'invited') query.status = flag;
      else if (flag === 'admin') query.adminsOnly = true;
      else return { ok: false, errors: { filter: `“is:${value}” is not a filter. ${FILTER_HELP}` } };
    } else if (key === 'company') {
      // company: "Acme West" — the name may follow the colon after a space.
      const name = value.trim() || (i + 1 < read.tokens.length ? read.tokens[++i]!.text.trim() : '');
      if (!name) return { ok: false, errors: { filter: `Name the company after company:. ${FILTER_HELP}` } };
      query.company = name;
    } else {
      words.push(token.text);
    }
  }
  query.text = words.join(' ').toLowerCase();
  return { ok: true, value: query };
}

/** Search text as stored: phone numbers are found by their digits, however they are typed. */
export function searchNeedle(text: string): string {
  const phoneLike = /^[\d\s()+./-]{4,}$/.test(text) && /\d{3}/.test(text.replace(/\D/g, ''));
  return phoneLike ? text.replace(/\D/g, '') : text;
}

/**
 * The User ID (the set-up wizard's login id, in email form) that search text names, when it is one
 * whole User ID: `/users` then also lists the user with it. User IDs are matched whole, not in part.
 */
export function loginIdNeedle(text: string): string | undefined {
  if (/\s/.test(text.trim())) return undefined;
  const parsed = emailSchema.safeParse(text);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Where a page starts: after (Next) or before (Previous) a user in name order — by their sort name
 * (last name, or email while they have no name), first name and id.
 */
export interface PageCursor {
  direction: 'after' | 'before';
  sortName: string;
  firstName: string;
  id: string;
}

interface PageToken {
  /** The query the token belongs to. */
  q: UserQuery;
  c: PageCursor;
}

export function encodePageToken(query: UserQuery, cursor: PageCursor): string {
  return Buffer.from(JSON.stringify({ q: query, c: cursor } satisfies PageToken)).toString('base64url');
}

/** Reads a page token; refuses one that is malformed or belongs to another search. */
export function decodePageToken(token: string, query: UserQuery): Checked<PageCursor> {
  const invalid = {
    ok: false as const,
    errors: { page: 'That page link is not valid any more; run the search again.' },
  };
  let parsed: PageToken;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return invalid;
  }
  const cursor = parsed?.c;
  // The token comes back in a button's value: anything else than names and a user id is refused
  // here, before it reaches the database (a NUL in a name, an id that is no uuid).
  const names = [cursor?.sortName, cursor?.firstName];
  if (
    !cursor ||
    !isUuid(cursor.id) ||
    !['after', 'before'].includes(cursor.direction) ||
    !names.every((name) => typeof name === 'string' && name === withoutNul(name))
  )
    return invalid;
  if (JSON.stringify(parsed.q) !== JSON.stringify(query)) {
    return { ok: false, errors: { page: 'That page belongs to another search; run the search again.' } };
  }
  return { ok: true, value: cursor };
}

export function queryFromToken(token: string): UserQuery | undefined {
  try {
    return (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as PageToken).q;
  } catch {
    return undefined;
  }
}
