/**
 * Counted words and articles, so no message says "seat(s)" or "a Executive license".
 */
import { quote } from './text.rules.ts';

/** Plurals that are not the word with an -s. */
const IRREGULAR: Record<string, string> = {
  person: 'people',
  'station package': 'station packages',
  company: 'companies',
  entry: 'entries',
  reply: 'replies',
};

/** The plural of a noun: "seat" → "seats", "company" → "companies", "person" → "people". */
export function pluralOf(noun: string): string {
  const irregular = IRREGULAR[noun];
  if (irregular) return irregular;
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(noun)) return `${noun}es`;
  return `${noun}s`;
}

/**
 * A count with its noun: `plural(1, 'seat')` → "1 seat", `plural(2, 'seat')` → "2 seats".
 * `many` gives the plural where pluralOf would not (a noun after an adjective: "Meet seat").
 */
export function plural(count: number, noun: string, many = pluralOf(noun)): string {
  return `${count} ${count === 1 ? noun : many}`;
}

/** Just the noun for a count: "seat" for 1, "seats" otherwise (when the number is said elsewhere). */
export function nounFor(count: number, noun: string, many = pluralOf(noun)): string {
  return count === 1 ? noun : many;
}

/** "is" for 1, "are" otherwise. */
export function isAre(count: number): string {
  return count === 1 ? 'is' : 'are';
}

// Words spoken with a vowel sound though written with a consonant, and the other way round.
const AN_ANYWAY = /^(hour|honest|honou?r|heir|mp3)/i;
const A_ANYWAY = /^(uni[^mn]|use|usu|uti|euro|eu|one|once|ubiq)/i;

/**
 * "a" or "an" for the word that follows, by its sound as far as its spelling tells:
 * "an Executive", "a Meet", "an hour", "a user". Letters read out ("an SMS") are the caller's care.
 */
export function articleFor(word: string): 'a' | 'an' {
  const text = word.trim();
  if (AN_ANYWAY.test(text)) return 'an';
  if (A_ANYWAY.test(text)) return 'a';
  return /^[aeiou]/i.test(text) ? 'an' : 'a';
}

/** The word with its article: "an Executive", "a Meet". */
export function withArticle(word: string): string {
  return `${articleFor(word)} ${word}`;
}

/** "Meet", "Meet and Teams", "Meet, Teams and Webex". */
export function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * A whole number a person typed (a count of seats, a number of digits), from `min` to `max` —
 * or what is wrong with it, naming what they typed: "The number of seats must be a whole number
 * from 1 to 100000; you typed “-3”." Numbers are written plain, as counts are (plural()).
 */
export function readWholeNumber(
  typed: string,
  what: string,
  { min = 1, max }: { min?: number; max: number },
): { ok: true; value: number } | { ok: false; message: string } {
  const text = typed.trim();
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (value >= min && value <= max) return { ok: true, value };
  const range = `from ${min} to ${max}`;
  return {
    ok: false,
    message: `${what.charAt(0).toUpperCase()}${what.slice(1)} must be a whole number ${range}; you typed ${quote(text)}.`,
  };
}
