/**
 * The words of a slash command's text as Slack sends it (CommandArgs, in command-text.rules.ts, reads
 * them by a command's grammar).
 *
 * Slack escapes `&`, `<` and `>` as `&amp;`, `&lt;` and `&gt;` in every command's text, and uses
 * a raw `<…>` only for its own control sequences. With `should_escape` on, it also sends what the
 * person picked from its suggestions that way: a person as `<@U123|ada>`, a channel as
 * `<#C123|general>`, an email as `<mailto:a@b.example|a@b.example>`, a link as `<https://…|…>`.
 * Words are separated by white space; "double quotes" — or the curly ones phones and Macs put in
 * (“…”, „…“, «…») — keep words with spaces together. Control characters (NUL among them) and
 * bidirectional overrides are removed (core/text.rules.ts `cleanText`).
 */

import { cleanText } from '../core/text.rules.ts';

/** One argument: a word (or a quoted phrase), or one of Slack's references. */
export type CommandToken =
  | {
      kind: 'word';
      /** The word as meant: quotes removed, entities decoded. */
      text: string;
      /** Some of it was in quotes (or it was one of Slack's other references): never a verb or part of a number. */
      quoted: boolean;
      /** For `key:value` words (`company:"Acme West"`): the key, lower case, and the value. */
      key?: string;
      value?: string;
    }
  | { kind: 'email'; address: string; text: string }
  | { kind: 'user'; id: string; name?: string; text: string }
  | { kind: 'channel'; id: string; name?: string; text: string }
  | { kind: 'link'; url: string; text: string };

export interface TokenizeOptions {
  /**
   * The text is Slack's (a slash command's): decode `&amp;` `&lt;` `&gt;` and read `<…>` as its
   * references. False for text typed elsewhere (a form field, the command line).
   */
  escaped?: boolean;
}

/** Quote characters: what each opening quote may be closed by. */
const QUOTES: Record<string, string> = {
  '"': '"“”',
  '“': '”“"',
  '”': '”“"',
  '„': '“”"',
  '«': '»',
};

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };

/** `&amp;` `&lt;` `&gt;` as the characters Slack escaped. */
export function decodeSlackEntities(text: string): string {
  return text.replace(/&(?:amp|lt|gt);/g, (entity) => ENTITIES[entity]!);
}

/** What a person meant by one of Slack's `<…>` references (without the brackets). */
function reference(inner: string): CommandToken {
  const bar = inner.indexOf('|');
  const target = decodeSlackEntities(bar < 0 ? inner : inner.slice(0, bar));
  const label = bar < 0 ? undefined : decodeSlackEntities(inner.slice(bar + 1));
  const user = /^@([UW][A-Z0-9]+)$/.exec(target);
  if (user) return { kind: 'user', id: user[1]!, name: label || undefined, text: `@${label || user[1]}` };
  const channel = /^#([CGD][A-Z0-9]+)$/.exec(target);
  if (channel) return { kind: 'channel', id: channel[1]!, name: label || undefined, text: `#${label || channel[1]}` };
  if (/^mailto:/i.test(target)) {
    const address = target.slice('mailto:'.length);
    return { kind: 'email', address, text: label || address };
  }
  if (/^https?:\/\//i.test(target)) return { kind: 'link', url: target, text: label || target };
  // <!here>, <!subteam^S123|@team>, <tel:…|…>: what the person saw.
  const special = /^!(\w+)/.exec(target);
  return { kind: 'word', text: label ?? (special ? `@${special[1]}` : target), quoted: true };
}

/** The words of a command's text, or what keeps it from being read. */
export function tokenize(
  text: string,
  { escaped = true }: TokenizeOptions = {},
): { ok: true; tokens: CommandToken[] } | { ok: false; message: string } {
  // Control characters (NUL among them) and bidi overrides are no part of any word.
  const input = cleanText(text);
  const tokens: CommandToken[] = [];
  const decode = escaped ? decodeSlackEntities : (text: string) => text;
  let i = 0;
  while (i < input.length) {
    if (/\s/.test(input[i]!)) {
      i += 1;
      continue;
    }
    // One of Slack's references, standing alone as a word.
    if (escaped && input[i] === '<') {
      const end = input.indexOf('>', i);
      const after = input[end + 1];
      if (end > i && (after === undefined || /\s/.test(after))) {
        tokens.push(reference(input.slice(i + 1, end)));
        i = end + 1;
        continue;
      }
    }
    let text = '';
    let quoted = false;
    /** Where the part before any quote ends (to find `key:` in it). */
    let plainPrefix: string | undefined;
    while (i < input.length && !/\s/.test(input[i]!)) {
      const char = input[i]!;
      const closers = QUOTES[char];
      if (closers) {
        let end = i + 1;
        while (end < input.length && !closers.includes(input[end]!)) end += 1;
        if (end >= input.length) {
          const open = decode(input.slice(i)).trim();
          return {
            ok: false,
            message: `A quote is not closed: ${open.length > 40 ? `${open.slice(0, 40)}…` : open} — end it with ${char === '«' ? '»' : '"'}, or leave the quote out.`,
          };
        }
        plainPrefix ??= text;
        text += readPart(input.slice(i + 1, end), escaped);
        quoted = true;
        i = end + 1;
      } else if (escaped && char === '<' && input.indexOf('>', i) > i) {
        // A reference inside a word: what it shows.
        const end = input.indexOf('>', i);
        plainPrefix ??= text;
        text += reference(input.slice(i + 1, end)).text;
        quoted = true;
        i = end + 1;
      } else {
        let end = i + 1;
        while (
          end < input.length &&
          !/\s/.test(input[end]!) &&
          !QUOTES[input[end]!] &&
          !(escaped && input[end] === '<')
        )
          end += 1;
        text += decode(input.slice(i, end));
        i = end;
      }
    }
    const key = /^([a-z]+):/i.exec(plainPrefix ?? text);
    tokens.push(
      key
        ? { kind: 'word', text, quoted, key: key[1]!.toLowerCase(), value: text.slice(key[0].length) }
        : { kind: 'word', text, quoted },
    );
  }
  return { ok: true, tokens };
}

/** Quoted text: entities decoded, references shown as what they show. */
function readPart(part: string, escaped: boolean): string {
  if (!escaped) return part;
  return part.replace(/<([^<>]*)>|[^<]+|</g, (match, inner: string | undefined) =>
    inner === undefined ? decodeSlackEntities(match) : reference(inner).text,
  );
}
