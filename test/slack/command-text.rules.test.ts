import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asksForHelp, CommandArgs, CommandTextError } from '../../src/slack/command-text.rules.ts';
import { decodeSlackEntities, tokenize, type CommandToken } from '../../src/slack/command-tokens.rules.ts';
import { parseUserQuery } from '../../src/features/users/directory/query.rules.ts';

/** What Slack does to typed text before it sends it: the three characters it escapes. */
const slackEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const tokens = (text: string): CommandToken[] => {
  const read = tokenize(text);
  if (!read.ok) throw new Error(read.message);
  return read.tokens;
};
const texts = (text: string) => tokens(text).map((token) => token.text);

/** Reads with `read` and says what it threw, if it did. */
function refusal(text: string, read: (args: CommandArgs) => unknown): string {
  try {
    read(CommandArgs.read(text));
  } catch (error) {
    if (error instanceof CommandTextError) return error.fields.command!;
    throw error;
  }
  return 'nothing';
}

describe('tokenize', () => {
  it('splits on any white space', () => {
    expect(texts('  add\t+49 30\u00a0123  ')).toEqual(['add', '+49', '30', '123']);
    expect(texts('')).toEqual([]);
  });

  it.each([
    ['"Acme West"', 'Acme West'],
    ['“Acme West”', 'Acme West'],
    ['„Acme West“', 'Acme West'],
    ['”Acme West”', 'Acme West'],
    ['«Acme West»', 'Acme West'],
    ['“Acme West"', 'Acme West'],
  ])('keeps %s together', (typed, meant) => {
    expect(tokens(typed)).toEqual([{ kind: 'word', text: meant, quoted: true }]);
  });

  it('keeps an empty quoted argument', () => {
    expect(texts('offer "" "Acme West"')).toEqual(['offer', '', 'Acme West']);
  });

  it('decodes what Slack escaped, in words and in quotes', () => {
    expect(texts('Smith &amp; Sons')).toEqual(['Smith', '&', 'Sons']);
    expect(texts('"Smith &amp; Sons" a&lt;b&gt;c')).toEqual(['Smith & Sons', 'a<b>c']);
    // A person typing "<@U123>" is sent it escaped: it stays text, not a mention.
    expect(tokens('&lt;@U123&gt;')).toEqual([{ kind: 'word', text: '<@U123>', quoted: false }]);
  });

  it("reads Slack's references: people, channels, emails, links", () => {
    expect(
      tokens(
        '<@U0ADA|ada> <@W0BOB> <#C0GEN|general> <#C0X|> <mailto:a@b.example|a@b.example> <https://x.example|x> <!here>',
      ),
    ).toEqual([
      { kind: 'user', id: 'U0ADA', name: 'ada', text: '@ada' },
      { kind: 'user', id: 'W0BOB', name: undefined, text: '@W0BOB' },
      { kind: 'channel', id: 'C0GEN', name: 'general', text: '#general' },
      { kind: 'channel', id: 'C0X', name: undefined, text: '#C0X' },
      { kind: 'email', address: 'a@b.example', text: 'a@b.example' },
      { kind: 'link', url: 'https://x.example', text: 'x' },
      { kind: 'word', text: '@here', quoted: true },
    ]);
  });

  it('shows a reference inside quotes or a word as what it shows', () => {
    expect(texts('"ask <@U0ADA|ada> &amp; co" (<mailto:a@b.example|a@b.example>)')).toEqual([
      'ask @ada & co',
      '(a@b.example)',
    ]);
  });

  it('reads key:value words, quoted values too, but not a quoted key', () => {
    expect(tokens('company:"Acme West" is:active "is:admin"')).toEqual([
      { kind: 'word', text: 'company:Acme West', quoted: true, key: 'company', value: 'Acme West' },
      { kind: 'word', text: 'is:active', quoted: false, key: 'is', value: 'active' },
      { kind: 'word', text: 'is:admin', quoted: true },
    ]);
  });

  it('says which quote is not closed', () => {
    expect(tokenize('add Meet 5 "Acme West')).toEqual({
      ok: false,
      message: 'A quote is not closed: "Acme West — end it with ", or leave the quote out.',
    });
    expect(tokenize('«Acme').ok).toBe(false);
  });

  it('reads text typed elsewhere as is (no entities, no references)', () => {
    expect(tokenize('&amp; <@U1>', { escaped: false })).toEqual({
      ok: true,
      tokens: [
        { kind: 'word', text: '&amp;', quoted: false },
        { kind: 'word', text: '<@U1>', quoted: false },
      ],
    });
  });
});

describe('tokenize, for any text', () => {
  const plainWord = fc.stringMatching(/^[^\s"“”„«<>&]+$/);

  it('gives back the words of any text, however they are spaced', () => {
    fc.assert(
      fc.property(
        fc.array(plainWord),
        fc.array(fc.constantFrom(' ', '  ', '\t', '\n', '\u00a0'), { minLength: 1 }),
        (words, gaps) => {
          const text = words.map((word, i) => `${gaps[i % gaps.length]}${word}`).join('');
          expect(texts(text)).toEqual(words);
        },
      ),
    );
  });

  it('gives back anything quoted exactly, whatever Slack escaped in it', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/["“”„]/.test(s)),
        (typed) => {
          const read = tokens(`"${slackEscape(typed)}"`);
          expect(read).toEqual([{ kind: 'word', text: typed, quoted: true }]);
        },
      ),
    );
  });

  it('never turns what a person typed into one of Slack’s references', () => {
    fc.assert(
      fc.property(fc.string(), (typed) => {
        const read = tokenize(slackEscape(typed));
        if (read.ok) expect(read.tokens.every((token) => token.kind === 'word')).toBe(true);
      }),
    );
  });

  it('reads any text without throwing; only an open quote is refused', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const read = tokenize(text);
        if (!read.ok) expect(text).toMatch(/["“”„«]/);
      }),
    );
  });

  it('decoding undoes Slack’s escaping', () => {
    fc.assert(
      fc.property(fc.string(), (typed) => {
        expect(decodeSlackEntities(slackEscape(typed))).toBe(typed);
      }),
    );
  });
});

describe('CommandArgs', () => {
  it('reads a verb in any case, but never a quoted one', () => {
    const args = CommandArgs.read('ADD Meet');
    expect(args.verb('add', 'assign')).toBe('add');
    expect(CommandArgs.read('"add" Meet').verb('add')).toBeUndefined();
    const other = CommandArgs.read('Acme West');
    expect(other.verb('add')).toBeUndefined();
    expect(other.company()).toBe('Acme West');
  });

  it.each(['help', 'HELP', '-h', '--help', '—help', '?'])('knows %j asks for help', (text) => {
    expect(CommandArgs.read(text).wantsHelp()).toBe(true);
    expect(asksForHelp(`${text} me`)).toBe(true);
  });

  it.each(['"help"', 'helpdesk', 'set help', ''])('knows %j does not ask for help', (text) => {
    expect(asksForHelp(text)).toBe(false);
  });

  it('reads a phone number over several words, and a range', () => {
    const args = CommandArgs.read('+49 30 5550000..+49 30 5550009 "Acme West"');
    expect(args.phone('a range', { range: true })).toBe('+49 30 5550000..+49 30 5550009');
    expect(args.company()).toBe('Acme West');
    const spaced = CommandArgs.read('+49 30 5550000 - +49 30 5550009 Acme');
    expect(spaced.phone('a range', { range: true })).toBe('+49 30 5550000 - +49 30 5550009');
    expect(spaced.text()).toBe('Acme');
    const assign = CommandArgs.read('(415) 555-0100 ada@acme.example');
    expect(assign.phone()).toBe('(415) 555-0100');
    expect(assign.email()).toBe('ada@acme.example');
    expect(CommandArgs.read('"030 1234510" 7').phone()).toBe('030 1234510');
  });

  it('stops a phone number at a word that is no part of one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^\+?\d{1,5}$/), { minLength: 1, maxLength: 5 }),
        fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,15}$/),
        (groups, company) => {
          const args = CommandArgs.read(`${groups.join(' ')} ${company}`);
          expect(args.phone()).toBe(groups.join(' '));
          expect(args.company() ?? '').toBe(company.trim().split(/\s+/).join(' '));
        },
      ),
    );
  });

  it('reads an email typed, or as Slack links it, in lower case', () => {
    expect(CommandArgs.read('<mailto:Ada@Acme.example|Ada@Acme.example>').email()).toBe('ada@acme.example');
    expect(CommandArgs.read('ADA@acme.example').email()).toBe('ada@acme.example');
    expect(refusal('ada', (a) => a.email())).toBe('“ada” is not an email address.');
    expect(refusal('<@U0ADA|ada>', (a) => a.email())).toBe(
      '@ada is a Slack mention; give their email address instead.',
    );
    expect(refusal('', (a) => a.email("the user's email"))).toBe("Give the user's email.");
  });

  it('reads a person as a mention or an email', () => {
    expect(CommandArgs.read('<@U0ADA|ada> for 8 hours').person()).toEqual({ slackUserId: 'U0ADA' });
    expect(CommandArgs.read('<@U0ADA>').person()).toEqual({ slackUserId: 'U0ADA' });
    expect(CommandArgs.read('<mailto:a@b.example|a@b.example>').person()).toEqual({ email: 'a@b.example' });
    expect(CommandArgs.read('a@b.example').person()).toEqual({ email: 'a@b.example' });
    expect(refusal('bogus', (a) => a.person())).toBe('“bogus” is neither an email nor a @mention.');
    expect(refusal('<#C0GEN|general>', (a) => a.person())).toBe('“#general” is neither an email nor a @mention.');
  });

  it('reads the company the same way everywhere: the rest, or company:"…" anywhere', () => {
    expect(CommandArgs.read('Acme West').company()).toBe('Acme West');
    expect(CommandArgs.read('“Acme West”').company()).toBe('Acme West');
    expect(CommandArgs.read('company:"Acme West"').company()).toBe('Acme West');
    expect(CommandArgs.read('company:Acme West').company()).toBe('Acme West');
    expect(CommandArgs.read('company: "Acme West"').company()).toBe('Acme West');
    expect(CommandArgs.read('Smith &amp; Sons').company()).toBe('Smith & Sons');
    expect(CommandArgs.read('').company()).toBeUndefined();
    const devices = CommandArgs.read('00:1A:2B:3C:4D:5E company:"Acme West" "Yealink T54W" 2');
    expect(devices.named('company')).toBe('Acme West');
    expect(devices.remaining.map((token) => token.text)).toEqual(['00:1A:2B:3C:4D:5E', 'Yealink T54W', '2']);
    expect(refusal('company:', (a) => a.company())).toBe('Name the company after company:.');
  });

  it('refuses what is left over, and a first word that is no verb', () => {
    expect(refusal('a@b.example extra words', (a) => (a.email(), a.end()))).toBe(
      '“extra words” is more than this takes.',
    );
    expect(refusal('frobnicate', (a) => a.unknownVerb(['add', 'set']))).toBe(
      'This command does not know “frobnicate”; it knows add and set.',
    );
    expect(refusal('seven', (a) => a.count('the number of seats', { max: 9 }))).toBe(
      'The number of seats must be a whole number from 1 to 9; you typed “seven”.',
    );
  });

  it('refuses an open quote as it reads the text', () => {
    expect(refusal('add "Meet Pro 25', () => undefined)).toContain('A quote is not closed');
  });

  it('keeps the text as typed, decoded, to echo it back', () => {
    expect(CommandArgs.read('  bob <!channel> &amp; co ').original).toBe('bob <!channel> & co');
  });
});

describe('parseUserQuery', () => {
  it('reads Slack’s text: entities, curly quotes, linked emails', () => {
    expect(parseUserQuery('company:“Smith &amp; Sons” <mailto:a@b.example|a@b.example>', { escaped: true })).toEqual({
      ok: true,
      value: { text: 'a@b.example', adminsOnly: false, company: 'Smith & Sons' },
    });
  });

  it('refuses an open quote clearly', () => {
    expect(parseUserQuery('"ada')).toEqual({
      ok: false,
      errors: { filter: 'A quote is not closed: "ada — end it with ", or leave the quote out.' },
    });
  });
});
