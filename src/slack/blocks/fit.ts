import { escapeMrkdwn } from '../mrkdwn.ts';

/**
 * Making values fit Slack's limits visibly. Slack counts characters as Unicode code points, so
 * these do too. Slack refuses a whole screen when one text is too long, so a value that would break
 * a limit is shortened with "…", and a list that would ends with "… and N more".
 */

export const ELLIPSIS = '…';
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

/** "… and 3 more" */
export const andMore = (count: number) => `${ELLIPSIS} and ${count} more`;

/**
 * Items (already mrkdwn) joined by `separator` in at most `max` characters: as many as fit (and at
 * most `maxItems`), the rest counted ("… and 3 more"). A first item too long on its own is cut.
 */
export function joinFitted(items: readonly string[], max: number, separator = ', ', maxItems = Infinity): string {
  const lengths = items.map(chars);
  const glue = chars(separator);
  // ends[n]: the length of the first n items joined.
  const ends = [0];
  for (const [index, length] of lengths.entries()) ends.push(ends[index]! + (index ? glue : 0) + length);
  const withMore = (count: number) =>
    count === items.length ? ends[count]! : ends[count]! + (count ? glue : 0) + chars(andMore(items.length - count));
  for (let count = Math.min(items.length, maxItems); count >= 1; count--) {
    if (withMore(count) <= max) {
      const shown = items.slice(0, count);
      return (count === items.length ? shown : [...shown, andMore(items.length - count)]).join(separator);
    }
  }
  if (!items.length) return '';
  if (items.length === 1) return fitMrkdwn(items[0]!, max);
  const tail = separator + andMore(items.length - 1);
  return fitMrkdwn(items[0]!, max - chars(tail)) + tail;
}

/**
 * Lines (already mrkdwn) packed into texts of at most `max` characters — one text per section — and
 * at most `maxTexts` of them. Lines that don't fit are counted in a last line ("… and 3 more"); a
 * line too long for a text on its own is cut.
 */
export function packLines(lines: readonly string[], maxTexts: number, max = TEXT_LIMIT): string[] {
  const texts: string[][] = [];
  let length = 0;
  let shown = 0;
  for (const line of lines.map((line) => fitMrkdwn(line, max))) {
    const last = texts[texts.length - 1];
    if (last && length + 1 + chars(line) <= max) {
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
