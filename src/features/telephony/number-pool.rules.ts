import { toE164 } from '../../core/phone.rules.ts';
import type { Checked } from '../../core/users.rules.ts';
import { quote } from '../../core/text.rules.ts';

/** At most this many numbers are added at once from a range. */
export const MAX_RANGE = 1_000;

/**
 * Reads what an admin gives to add to a pool: one number, or a range "first..last" (or
 * "first-last" with spaces) of numbers that differ only in their last digits. Returns them in E.164.
 */
export function readNumbers(typed: string, defaultRegion: string): Checked<string[]> {
  // \u2013: the en dash (–), escaped so the bundle stays one byte a character (scripts/build.mjs).
  const [firstText = '', lastText, ...extra] = typed.split(/\.\.| - | \u2013 /).map((part) => part.trim());
  if (extra.length)
    return { ok: false, errors: { number: 'Give one number, or a range such as +49 30 1234500..+49 30 1234599.' } };
  const first = toE164(firstText, defaultRegion);
  if (!first.ok) return { ok: false, errors: { number: first.message } };
  if (lastText === undefined) return { ok: true, value: [first.e164] };
  const last = toE164(lastText, defaultRegion);
  if (!last.ok) return { ok: false, errors: { number: last.message } };
  const from = BigInt(first.e164.slice(1));
  const to = BigInt(last.e164.slice(1));
  if (first.e164.length !== last.e164.length || to < from) {
    return {
      ok: false,
      errors: {
        number: `A range goes from a number up to a later one of the same length; ${first.e164}..${last.e164} does not.`,
      },
    };
  }
  if (to - from + 1n > BigInt(MAX_RANGE)) {
    return { ok: false, errors: { number: `A range adds at most ${MAX_RANGE} numbers at once; split it.` } };
  }
  const numbers: string[] = [];
  for (let n = from; n <= to; n++) {
    const number = toE164(`+${n}`, defaultRegion);
    if (!number.ok) return { ok: false, errors: { number: `The range contains +${n}, which is not a valid number.` } };
    numbers.push(number.e164);
  }
  return { ok: true, value: numbers };
}

/** At most this many numbers in one file. */
const MAX_LIST = 10_000;

/**
 * Reads a list of numbers, one per line (a CSV's first column; a header row is skipped). Every
 * line that is not a valid number is named with its line, and then nothing is read.
 */
export function readNumberList(text: string, defaultRegion: string): Checked<string[]> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const numbers: string[] = [];
  const problems: string[] = [];
  lines.forEach((line, index) => {
    const first = (line.split(/[,;]/)[0] ?? '').replace(/"/g, '').trim();
    if (!first || (index === 0 && !/\d/.test(first))) return;
    const number = toE164(first, defaultRegion);
    if (number.ok) numbers.push(number.e164);
    else problems.push(`line ${index + 1}: ${quote(first)}`);
  });
  if (problems.length) {
    const shown = problems.slice(0, 10).join(', ');
    return {
      ok: false,
      errors: {
        number: `Not valid phone numbers — ${shown}${problems.length > 10 ? ` and ${problems.length - 10} more` : ''}. Nothing was added.`,
      },
    };
  }
  if (!numbers.length)
    return { ok: false, errors: { number: 'The file has no numbers: one per line, e.g. +49 30 1234500.' } };
  if (numbers.length > MAX_LIST)
    return { ok: false, errors: { number: `A file adds at most ${MAX_LIST} numbers; split it.` } };
  if (new Set(numbers).size !== numbers.length)
    return { ok: false, errors: { number: 'A number is in the file twice; nothing was added.' } };
  return { ok: true, value: numbers };
}
