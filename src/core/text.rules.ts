import { z } from 'zod';

/**
 * Text a person types, made safe to store, show and search — the same rules for Slack, the CLI and
 * the invitation page:
 *
 * - **Control characters** (C0 but tab and line breaks, DEL, C1) are refused on their field, in
 *   words: NUL can't be stored by PostgreSQL at all, the others are never meant and show as
 *   nothing. A multi-line field keeps tabs and line breaks; a single-line one reads them as spaces.
 * - **Bidirectional formatting characters** (embeddings, overrides and isolates U+202A–U+202E,
 *   U+2066–U+2069, and the marks U+200E, U+200F, U+061C) are removed: they make a name display as
 *   something else ("evil‮gpj.exe").
 * - **A name needs visible letters**: one of only spaces and invisible characters (zero-width
 *   spaces and joiners, word joiner, BOM, fillers) is refused.
 * - **Every field has a maximum**, counted in characters (code points), declared by the form
 *   (`max_length`, read from the same constant) and enforced here.
 *
 * Text that passes no form — a command's words, a search box — is cleaned instead (`cleanText`),
 * and a search is matched literally (`literalLike`).
 */

/* eslint-disable no-control-regex -- finding control characters is what these are for. */
/** A control character no field keeps: C0 but tab, line feed and carriage return; DEL; C1. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/gu;
const NUL = /\u0000/g;
/* eslint-enable no-control-regex */
/** Bidirectional embeddings, overrides, isolates and marks. */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
/** Line breaks, however they came: CR LF, CR, LF, the Unicode line and paragraph separators. */
const LINE_BREAKS = /\r\n?|[\n\u2028\u2029]/gu;
/** White space, and what shows as nothing, at the ends of a value: trimmed with it. */
const EDGES = /^[\s\u200B\u2060\uFEFF]+|[\s\u200B\u2060\uFEFF]+$/gu;
/**
 * A character that shows something: not white space, not a control or format character (the
 * zero-width ones, word joiner, BOM, soft hyphen, bidi marks), not a lone combining mark, and none
 * of the blank letters (Hangul fillers, braille blank).
 */
const VISIBLE = /[^\s\p{Cc}\p{Cf}\p{Z}\p{M}\u115F\u1160\u3164\uFFA0\u2800]/u;

/** Bidirectional formatting characters removed, line breaks made `\n` — or spaces, for one line. */
function tidy(text: string, multiline: boolean): string {
  const unified = text.replace(BIDI, '').replace(LINE_BREAKS, '\n');
  return multiline ? unified : unified.replace(/[\t\n]/g, ' ');
}

/**
 * Text that no form checks (a command's words, a search box), cleaned: control characters and
 * bidirectional formatting characters removed, line breaks as spaces (or `\n` with `multiline`).
 */
export function cleanText(text: string, { multiline = false }: { multiline?: boolean } = {}): string {
  return tidy(text, multiline).replace(CONTROLS, '');
}

/** NUL removed — the one character PostgreSQL can't store in text. */
export function withoutNul(text: string): string {
  return text.replace(NUL, '');
}

/** The first control character in `text` a field doesn't keep (see the top of this file). */
export function controlCharacterIn(text: string): string | undefined {
  return CONTROL.exec(text)?.[0];
}

/** Whether `text` shows anything: at least one character that is not space or invisible. */
export function hasVisibleCharacters(text: string): boolean {
  return VISIBLE.test(text);
}

/** Length as a person counts it (and Slack's `max_length`): characters, not UTF-16 units. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** "U+0000" for a character. */
const codePoint = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

export interface TextFieldOptions {
  /** What the field is, for the messages: "first name", "reason". */
  what: string;
  /** The most characters it keeps: the form's `max_length` reads the same constant. */
  max: number;
  /** Empty is allowed (the value is then ''). Default: required. */
  optional?: boolean;
  /** Tabs and line breaks are kept (a comment, an address); otherwise they become spaces. */
  multiline?: boolean;
  /** Refuse text of only spaces and invisible characters (names). */
  visible?: boolean;
  /** The messages for an empty or a too long value, when the default words don't fit. */
  empty?: string;
  tooLong?: string;
}

/**
 * The value of a text field, as stored: bidirectional formatting characters removed, trimmed
 * (white space and zero-width spaces at the ends), checked — control characters, empty, too long,
 * nothing visible — each refused with words for the person.
 */
export function checkText(
  typed: string,
  options: TextFieldOptions,
): { ok: true; value: string } | { ok: false; message: string } {
  const { what, max } = options;
  const text = tidy(typed, Boolean(options.multiline)).replace(EDGES, '');
  const control = controlCharacterIn(text);
  if (control !== undefined) {
    return {
      ok: false,
      message: `The ${what} contains an invisible control character (${codePoint(control)}); type it again without it.`,
    };
  }
  if (!text)
    return options.optional ? { ok: true, value: '' } : { ok: false, message: options.empty ?? `Enter the ${what}.` };
  if (characterCount(text) > max) {
    return { ok: false, message: options.tooLong ?? `The ${what} has at most ${max} characters.` };
  }
  if (options.visible && !hasVisibleCharacters(text)) {
    return { ok: false, message: `Enter a name with visible letters: this ${what} has none.` };
  }
  return { ok: true, value: text };
}

/** `checkText` as a zod schema, for the form schemas: the cleaned value, or one issue in its words. */
export function textField(options: TextFieldOptions) {
  return z.string().transform((typed, context) => {
    const checked = checkText(typed, options);
    if (checked.ok) return checked.value;
    context.addIssue({ code: 'custom', message: checked.message });
    return z.NEVER;
  });
}

/**
 * Typed text quoted in a message ("“…” is not a duration"): cleaned, and cut to `max`
 * characters so a message never grows with what was typed.
 */
export function quote(typed: string, max = 60): string {
  const text = cleanText(typed).trim();
  const points = [...text];
  return `“${points.length > max ? `${points.slice(0, max - 1).join('')}…` : text}”`;
}

/**
 * Text for a Prisma `contains` / `startsWith` / `endsWith` / insensitive `equals` filter, matched
 * literally. Prisma passes the value into a LIKE (or ILIKE) pattern without escaping it, so `%`
 * and `_` would match anything and `\` would escape the next character: each is escaped with `\`
 * (PostgreSQL's default LIKE escape). NUL, which PostgreSQL can't take, is removed.
 */
export function literalLike(text: string): string {
  return withoutNul(text).replace(/[\\%_]/g, (char) => `\\${char}`);
}
