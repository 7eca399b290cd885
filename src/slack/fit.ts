import { personName, type NamedPerson } from '../core/users.rules.ts';
import { escapeMrkdwn, mention } from './mrkdwn.ts';

/**
 * Making values fit Slack's limits visibly. Slack counts characters as Unicode code points, so
 * these do too. Slack refuses a whole screen when one text is too long, so a value that would break
 * a limit is shortened with "…", and a list that would ends with "… and N more".
 */

const ELLIPSIS = '…';
/** What one text object holds (a section's text, a context element). */
export const TEXT_LIMIT = 3000;
/** What each of a section's fields holds. */
export const FIELD_LIMIT = 2000;
/** What an option's text or description holds. */
export const OPTION_LIMIT = 75;

/** Characters as Slack counts them: Unicode code points. */
export function chars(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** Plain text cut to at most `max` characters, ending with "…" when it was cut. */
export function fit(text: string, max: number): string {
  if (chars(text) <= max) return text;
  return [...text].slice(0, Math.max(0, max - 1)).join('') + ELLIPSIS;
}

/** Plain text cut at its start to at most `max` characters, so that its end shows ("…Reseller › Customer"). */
export function fitStart(text: string, max: number): string {
  const points = [...text];
  if (points.length <= max) return text;
  return ELLIPSIS + points.slice(points.length - Math.max(0, max - 1)).join('');
}

/**
 * Mrkdwn (already escaped and formatted) cut to at most `max` characters, ending with "…" when it
 * was cut. Never cuts inside an escape (`&amp;`) or a `<…>` token (a mention, date or link): one
 * the cut would split is left out whole.
 */
export function fitMrkdwn(mrkdwn: string, max: number): string {
  const points = [...mrkdwn];
  if (points.length <= max) return mrkdwn;
  let end = Math.max(0, max - 1);
  // Escapes are at most 5 characters (&amp;); in escaped text an '&' always starts one.
  const amp = points.lastIndexOf('&', end - 1);
  if (amp >= 0 && amp >= end - 4 && !points.slice(amp, end).includes(';')) end = amp;
  // In escaped text a '<' always opens a token.
  const open = points.lastIndexOf('<', end - 1);
  if (open >= 0 && !points.slice(open, end).includes('>')) end = open;
  return points.slice(0, end).join('') + ELLIPSIS;
}

/** A value someone typed, escaped for mrkdwn and cut so that the escaped text has at most `max` characters. */
export function escapeFit(raw: string, max: number): string {
  const escaped = escapeMrkdwn(raw);
  if (chars(escaped) <= max) return escaped;
  let out = '';
  let length = 0;
  for (const point of raw) {
    const piece = escapeMrkdwn(point);
    if (length + chars(piece) > max - 1) break;
    out += piece;
    length += chars(piece);
  }
  return out + ELLIPSIS;
}

/**
 * The one way mrkdwn names a person: a mention of a linked Slack user, otherwise "Name (email)"
 * (personName; escaped, at most `max` characters).
 */
export function mentionFit(person: NamedPerson, max: number): string {
  return person.slackUserId ? mention(person) : escapeFit(personName(person), max);
}

/** "… and 3 more" */
export const andMore = (count: number) => `${ELLIPSIS} and ${count} more`;

/**
 * Items (already mrkdwn) joined by `separator` in at most `max` characters: as many as fit (and at
 * most `maxItems`), the rest counted — `more(n)` is what follows the items shown (", … and 3
 * more"); `total` counts items not given too. A first item too long on its own is cut.
 */
export function joinFitted(
  items: readonly string[],
  max: number,
  {
    separator = ', ',
    maxItems = Infinity,
    total = items.length,
    more = (count: number) => separator + andMore(count),
  }: { separator?: string; maxItems?: number; total?: number; more?: (count: number) => string } = {},
): string {
  const glue = chars(separator);
  // ends[n]: the length of the first n items joined.
  const ends = [0];
  for (const [index, item] of items.entries()) ends.push(ends[index]! + (index ? glue : 0) + chars(item));
  const tail = (count: number) => (count === total ? '' : more(total - count));
  for (let count = Math.min(items.length, maxItems); count >= 1; count--) {
    if (ends[count]! + chars(tail(count)) <= max) return items.slice(0, count).join(separator) + tail(count);
  }
  if (!total) return '';
  const room = max - chars(tail(1));
  if (!items.length || room < 2) return fit(andMore(total), max);
  return fitMrkdwn(items[0]!, room) + tail(1);
}

/**
 * Lines (already mrkdwn) packed into texts — one per section — of at most `perText` lines and
 * `max` characters each, and at most `maxTexts` texts. Lines that don't fit are counted in a last
 * line ("… and 3 more"); a line too long for a text on its own is cut.
 */
export function packLines(
  lines: readonly string[],
  maxTexts: number,
  { perText = Infinity, max = TEXT_LIMIT }: { perText?: number; max?: number } = {},
): string[] {
  const texts: string[][] = [];
  let length = 0;
  let shown = 0;
  for (const line of lines.map((line) => fitMrkdwn(line, max))) {
    const last = texts[texts.length - 1];
    if (last && last.length < perText && length + 1 + chars(line) <= max) {
      last.push(line);
      length += 1 + chars(line);
    } else if (texts.length < maxTexts) {
      texts.push([line]);
      length = chars(line);
    } else break;
    shown++;
  }
  const last = texts[texts.length - 1];
  if (last && shown < lines.length) {
    while (last.length && chars([...last, andMore(lines.length - shown)].join('\n')) > max) {
      last.pop();
      shown--;
    }
    last.push(andMore(lines.length - shown));
  }
  return texts.map((text) => text.join('\n'));
}

/** A menu holds 100 options: when there are more, the chosen ones come first, so none is lost. */
export function menuOptions<T>(all: readonly T[], isChosen: (item: T) => boolean, max = 100): T[] {
  if (all.length <= max) return [...all];
  return [...all.filter(isChosen), ...all.filter((item) => !isChosen(item))].slice(0, max);
}
