import { ValidationError } from '../core/errors.ts';
import { cleanText, quote } from '../core/text.rules.ts';
import { emailSchema } from '../core/users.rules.ts';
import { readWholeNumber } from '../core/words.rules.ts';
import { decodeSlackEntities, tokenize, type CommandToken, type TokenizeOptions } from './command-tokens.rules.ts';

/** The command's text can't be read (an open quote); the message says what to fix. */
export class CommandTextError extends ValidationError {
  constructor(message: string) {
    super({ command: message });
  }
}

const HELP_WORDS = new Set(['help', '-h', '--help', '—help', '–help', '-help', '?']);

const isHelp = (token: CommandToken | undefined) =>
  token?.kind === 'word' && !token.quoted && HELP_WORDS.has(token.text.toLowerCase());

/** Whether a command's text asks for its usage: `help`, `-h`, `--help` or `?` first. */
export function asksForHelp(text: string): boolean {
  const read = tokenize(text);
  return read.ok && isHelp(read.tokens[0]);
}

/** A part of a phone number as people type it: "+49", "(415)", "555-0100", "030/123". */
const PHONE_PART = /^[\d+()\-./]*\d[\d+()\-./]*$/;
/** Between the two numbers of a range, as readNumbers takes them. */
// \u2013 is the en dash (–); written escaped so the bundle stays ASCII (scripts/build.mjs).
const RANGE_PARTS = /^(?:[\d+()\-./\u2013]*\d[\d+()\-./\u2013]*|\.\.|-|\u2013)$/;

/**
 * A command's arguments, read left to right by the command's grammar:
 *
 * ```ts
 * const args = CommandArgs.read(command.text);
 * if (args.wantsHelp()) return USAGE;
 * if (args.verb('assign')) {
 *   const email = args.email();
 *   const number = args.phone();
 *   args.end();
 * }
 * ```
 *
 * A method that does not find what it needs throws a CommandTextError saying what is missing or
 * wrong; nothing has been done by then.
 */
export class CommandArgs {
  private at = 0;

  private constructor(
    private readonly tokens: CommandToken[],
    /** The text as typed (entities decoded, references as Slack sent them), trimmed: for echoing it back. */
    readonly original: string,
  ) {}

  /** Reads the text; an open quote throws a CommandTextError. */
  static read(text: string, options: TokenizeOptions = {}): CommandArgs {
    const read = tokenize(text, options);
    if (!read.ok) throw new CommandTextError(read.message);
    const escaped = options.escaped ?? true;
    return new CommandArgs(read.tokens, cleanText(escaped ? decodeSlackEntities(text) : text).trim());
  }

  /** The arguments not read yet. */
  get remaining(): readonly CommandToken[] {
    return this.tokens.slice(this.at);
  }

  get done(): boolean {
    return this.at >= this.tokens.length;
  }

  /** `help`, `-h`, `--help` or `?` first: the person wants the usage. */
  wantsHelp(): boolean {
    return isHelp(this.tokens[0]);
  }

  /**
   * The next word if it is one of `verbs` (any case, not quoted — a quoted word is never a verb,
   * so `/numbers "Add Corp"` names a company); undefined, reading nothing, if not.
   */
  verb<V extends string>(...verbs: V[]): V | undefined {
    const next = this.tokens[this.at];
    if (next?.kind !== 'word' || next.quoted) return undefined;
    const found = verbs.find((verb) => verb === next.text.toLowerCase());
    if (found) this.at += 1;
    return found;
  }

  /** The next argument as text (a quoted phrase is one). */
  word(what: string): string {
    const next = this.take(what);
    return next.text;
  }

  /**
   * A whole number from `min` (1 unless said) to `max`, such as a count of seats; anything else
   * (-3, 0, 1.5, abc, too many) is refused saying what it must be and what was typed.
   */
  count(what: string, range: { min?: number; max: number }): number {
    const read = readWholeNumber(this.word(what), what, range);
    if (!read.ok) throw new CommandTextError(read.message);
    return read.value;
  }

  /** An email address, typed or as Slack links it (`<mailto:…|…>`); lower case. */
  email(what = 'the email address'): string {
    const next = this.take(what);
    const address = next.kind === 'email' ? next.address : next.kind === 'word' ? next.text : undefined;
    if (next.kind === 'user') {
      throw new CommandTextError(`${next.text} is a Slack mention; give their email address instead.`);
    }
    const email = emailSchema.safeParse(address ?? '');
    if (!email.success) throw new CommandTextError(`${quote(next.text)} is not an email address.`);
    return email.data;
  }

  /** When all that is left is one email address (typed or linked): it, read; otherwise undefined, reading nothing. */
  onlyEmail(): string | undefined {
    const [only, ...more] = this.remaining;
    if (!only || more.length || (only.kind !== 'email' && only.kind !== 'word')) return undefined;
    const email = emailSchema.safeParse(only.kind === 'email' ? only.address : only.text);
    if (!email.success) return undefined;
    this.at += 1;
    return email.data;
  }

  /** A person: a Slack mention (`<@U123|ada>`) or an email address. */
  person(what = 'the person (their email or @mention)'): { slackUserId: string } | { email: string } {
    const next = this.take(what);
    if (next.kind === 'user') return { slackUserId: next.id };
    const email = emailSchema.safeParse(next.kind === 'email' ? next.address : next.kind === 'word' ? next.text : '');
    if (!email.success) throw new CommandTextError(`${quote(next.text)} is neither an email nor a @mention.`);
    return { email: email.data };
  }

  /**
   * A phone number, which may span words ("+49 30 1234504", "(415) 555-0100"), or with `range` a
   * range of them ("+49 30 5550000..+49 30 5550009"): the words that look like parts of one, or
   * one quoted phrase. Returned as typed; the rules of phone.ts and number-pool.ts check it.
   */
  phone(what = 'the phone number', { range = false }: { range?: boolean } = {}): string {
    const first = this.take(what);
    if (first.kind === 'word' && first.quoted) return first.text;
    if (first.kind !== 'word' || !PHONE_PART.test(first.text)) {
      throw new CommandTextError(`${quote(first.text)} is not a phone number.`);
    }
    const parts = [first.text];
    const part = range ? RANGE_PARTS : PHONE_PART;
    for (let next = this.tokens[this.at]; next?.kind === 'word' && !next.quoted && part.test(next.text);) {
      parts.push(next.text);
      this.at += 1;
      next = this.tokens[this.at];
    }
    return parts.join(' ');
  }

  /**
   * A `key:value` argument anywhere among the remaining ones (`company:"Acme West"`; with nothing
   * after the colon, the next argument is the value). Undefined when there is none.
   */
  named(key: string): string | undefined {
    const index = this.tokens.findIndex((token, i) => i >= this.at && token.kind === 'word' && token.key === key);
    if (index < 0) return undefined;
    const token = this.tokens[index] as { value?: string };
    let value = token.value ?? '';
    let taken = 1;
    if (!value && index + 1 < this.tokens.length) {
      value = this.tokens[index + 1]!.text;
      taken = 2;
    }
    this.tokens.splice(index, taken);
    if (!value.trim()) throw new CommandTextError(`Name the ${key} after ${key}:.`);
    return value.trim();
  }

  /**
   * The company, read the same way in every command: `company:"…"` anywhere, or else the rest of
   * the words (quoted or not, with or without `company:` in front). Undefined: none given.
   */
  company(): string | undefined {
    const first = this.tokens[this.at];
    if (first?.kind === 'word' && first.key === 'company') {
      const value = [first.value ?? '', ...this.tokens.slice(this.at + 1).map((token) => token.text)].join(' ').trim();
      if (!value) throw new CommandTextError('Name the company after company:.');
      this.at = this.tokens.length;
      return value;
    }
    const named = this.named('company');
    if (named !== undefined) return named;
    return this.text() || undefined;
  }

  /** The rest of the arguments as one text, which must not be empty (a last argument such as a location's name). */
  rest(what: string): string {
    const text = this.text();
    if (!text) throw new CommandTextError(`Give ${what}.`);
    return text;
  }

  /** Refuses a first word that is none of the command's verbs. */
  unknownVerb(verbs: readonly string[]): never {
    const first = this.tokens[this.at]?.text ?? '';
    const known = verbs.length > 1 ? `${verbs.slice(0, -1).join(', ')} and ${verbs.at(-1)}` : verbs.join('');
    throw new CommandTextError(`This command does not know ${quote(first)}; it knows ${known}.`);
  }

  /** The rest of the arguments as one text (words joined by a space); empty when none are left. */
  text(): string {
    const text = this.remaining.map((token) => token.text).join(' ');
    this.at = this.tokens.length;
    return text.trim();
  }

  /** Refuses arguments left over after the grammar read what it takes. */
  end(): void {
    if (this.done) return;
    throw new CommandTextError(
      `${quote(this.remaining.map((token) => token.text).join(' '))} is more than this takes.`,
    );
  }

  private take(what: string): CommandToken {
    const next = this.tokens[this.at];
    if (!next) throw new CommandTextError(`Give ${what}.`);
    this.at += 1;
    return next;
  }
}
