import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  characterCount,
  checkText,
  cleanText,
  controlCharacterIn,
  hasVisibleCharacters,
  literalLike,
  quote,
  textField,
  withoutNul,
} from '../../src/core/text.rules.ts';
import { nameSchema, outsideName, validateNewUser, validatePassword } from '../../src/core/users.rules.ts';
import { parseDuration } from '../../src/core/durations.rules.ts';
import { toE164 } from '../../src/core/phone.rules.ts';
import { parseUserQuery } from '../../src/features/users/directory/query.rules.ts';
import { tokenize } from '../../src/slack/command-tokens.rules.ts';

const name = { what: 'first name', max: 10, visible: true };
const BIDI = [
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200E',
  '\u200F',
];
/** Every character no field keeps: C0 but tab, LF, CR; DEL; C1. */
const CONTROLS = [
  ...Array.from({ length: 32 }, (_, code) => code).filter((code) => ![9, 10, 13].includes(code)),
  ...Array.from({ length: 33 }, (_, i) => 0x7f + i),
].map((code) => String.fromCodePoint(code));

describe('control characters', () => {
  it.each(CONTROLS)('%j is refused on its field, naming the character', (char) => {
    const checked = checkText(`A${char}da`, name);
    expect(checked).toEqual({
      ok: false,
      message: expect.stringMatching(
        /^The first name contains an invisible control character \(U\+00[0-9A-F]{2}\); type it again without it\.$/,
      ),
    });
  });

  it('NUL is named as U+0000', () => {
    expect(checkText('a\u0000b', name)).toEqual({
      ok: false,
      message: 'The first name contains an invisible control character (U+0000); type it again without it.',
    });
  });

  it('a single-line field reads tabs and line breaks as spaces; a multi-line one keeps them', () => {
    expect(checkText('Ada\tB\r\nC', { what: 'x', max: 50 })).toEqual({ ok: true, value: 'Ada B C' });
    expect(checkText('Line 1\r\nLine 2\rLine 3\u2028\tend', { what: 'x', max: 50, multiline: true })).toEqual({
      ok: true,
      value: 'Line 1\nLine 2\nLine 3\n\tend',
    });
  });

  it('cleanText removes what a field would refuse', () => {
    expect(cleanText('a\u0000b\u0007c\u007fd\u009be\u202Ef\tg\nh')).toBe('abcdef g h');
    expect(cleanText('a\nb', { multiline: true })).toBe('a\nb');
    expect(withoutNul('\u0000a\u0000')).toBe('a');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const cleaned = cleanText(text);
        expect(controlCharacterIn(cleaned)).toBeUndefined();
        expect(cleaned).not.toMatch(/[\t\n\r\u202A-\u202E\u2066-\u2069\u200E\u200F]/);
      }),
    );
  });

  it('no text a field accepts holds a control character or a bidi override (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.boolean(), (typed, multiline) => {
        const checked = checkText(typed, { what: 'x', max: 40, optional: true, multiline });
        if (!checked.ok) return;
        expect(controlCharacterIn(checked.value)).toBeUndefined();
        expect(checked.value).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/);
        if (!multiline) expect(checked.value).not.toMatch(/[\t\n\r]/);
      }),
    );
  });
});

describe('bidirectional formatting characters', () => {
  it.each(BIDI)('%j is removed from names and free text', (char) => {
    expect(checkText(`${char}Ada${char}Love${char}`, name)).toEqual({ ok: true, value: 'AdaLove' });
    expect(checkText(`a${char}b`, { what: 'comment', max: 10, multiline: true })).toEqual({ ok: true, value: 'ab' });
  });

  it('the "evil‮gpj.exe" trick is undone', () => {
    expect(checkText('evil\u202Egpj.exe', { what: 'company name', max: 100 })).toEqual({
      ok: true,
      value: 'evilgpj.exe',
    });
  });
});

describe('names need visible letters', () => {
  it.each([
    ['zero-width joiner and non-joiner', '\u200D\u200C'],
    ['word joiner inside spaces', ' \u2060 '.repeat(2) + '\u200D'],
    ['Hangul filler', '\u3164'],
    ['braille blank', '\u2800\u2800'],
    ['a lone combining mark', '\u0301'],
    ['no-break and ideographic spaces', '\u00A0\u3000\u200D'],
    ['soft hyphen', '\u00AD'],
  ])('%s only: refused', (_, typed) => {
    expect(checkText(typed, name)).toEqual({
      ok: false,
      message: 'Enter a name with visible letters: this first name has none.',
    });
  });

  it('zero-width spaces and BOMs at the ends are trimmed like spaces (so only they is empty)', () => {
    expect(checkText('\uFEFF\u200B Ada \u200B', name)).toEqual({ ok: true, value: 'Ada' });
    expect(checkText('\u200B\u200B', name)).toEqual({ ok: false, message: 'Enter the first name.' });
  });

  it('names in any script, with joiners inside, are kept', () => {
    for (const typed of ['Zoë', 'Søren', '李', 'محمد', 'नमस्ते', 'می‌خواهم', '👩‍💻']) {
      expect(checkText(typed, name)).toEqual({ ok: true, value: typed });
      expect(hasVisibleCharacters(typed)).toBe(true);
    }
  });

  it('a field that does not ask for visible letters takes them as they are', () => {
    expect(checkText('\u200D', { what: 'title', max: 10 })).toEqual({ ok: true, value: '\u200D' });
  });
});

describe('limits count characters, as a person does', () => {
  it('an emoji counts once; one more than the limit is refused', () => {
    expect(characterCount('😀😀')).toBe(2);
    expect(checkText('😀'.repeat(10), name)).toEqual({ ok: true, value: '😀'.repeat(10) });
    expect(checkText('😀'.repeat(11), name)).toEqual({
      ok: false,
      message: 'The first name has at most 10 characters.',
    });
  });

  it('empty is refused unless optional; the messages can be the field’s own', () => {
    expect(checkText('  ', name)).toEqual({ ok: false, message: 'Enter the first name.' });
    expect(checkText('  ', { ...name, optional: true })).toEqual({ ok: true, value: '' });
    expect(checkText('', { ...name, empty: 'Name it.' })).toEqual({ ok: false, message: 'Name it.' });
    expect(checkText('x'.repeat(11), { ...name, tooLong: 'Shorter.' })).toEqual({ ok: false, message: 'Shorter.' });
  });

  it('textField is the same rule as a zod schema', () => {
    const schema = textField(name);
    expect(schema.parse(' \u202EAda ')).toBe('Ada');
    expect(schema.safeParse('A\u0000').error?.issues[0]?.message).toMatch(/U\+0000/);
  });

  it('a 100 kB value is refused quickly, and the message does not quote it', () => {
    const huge = 'x'.repeat(100_000);
    const started = performance.now();
    const checked = checkText(huge, { what: 'comment', max: 500, multiline: true });
    expect(performance.now() - started).toBeLessThan(200);
    expect(checked).toEqual({ ok: false, message: 'The comment has at most 500 characters.' });
  });
});

describe('the user rules use them', () => {
  const form = {
    email: 'ada@example.com',
    passwordChoice: 'type' as const,
    password: 'secret1',
    passwordConfirmation: 'secret1',
    firstName: 'Ada',
    lastName: 'Lovelace',
    organizationId: '6f1c1f2e-8a7b-4c2d-9e0f-1a2b3c4d5e6f',
    privileges: { active: true, admin: false, portalAccess: false },
  };

  it('names, title and password: control characters refused, bidi removed, invisible refused', () => {
    const checked = validateNewUser({ ...form, firstName: 'A\u202Eda', title: 'Boss\u202C' }, 'US');
    expect(checked.ok && [checked.value.firstName, checked.value.title]).toEqual(['Ada', 'Boss']);
    const refused = validateNewUser({ ...form, lastName: '\u200D', title: 'x\u0001' }, 'US');
    expect(refused.ok ? {} : refused.errors).toEqual({
      lastName: 'Enter a name with visible letters: this last name has none.',
      title: 'The title contains an invisible control character (U+0001); type it again without it.',
    });
    expect(validatePassword('secret\u0000', 'secret\u0000')).toEqual({
      ok: false,
      errors: { password: 'The password contains an invisible control character; type it again without it.' },
    });
    expect(nameSchema('first name').safeParse('x'.repeat(101)).error?.issues[0]?.message).toBe(
      'The first name has at most 100 characters.',
    );
  });

  it('a phone number, a duration and a search have limits too; what is quoted back is cut', () => {
    expect(toE164('5'.repeat(41), 'US')).toEqual({ ok: false, message: 'A phone number has at most 40 characters.' });
    expect(parseDuration('8 hours'.padEnd(31, 's')).ok).toBe(false);
    expect(parseUserQuery('a'.repeat(201))).toEqual({
      ok: false,
      errors: { filter: 'A search has at most 200 characters.' },
    });
    expect(quote('x'.repeat(100))).toBe(`“${'x'.repeat(59)}…”`);
    expect(quote('a\u0000b')).toBe('“ab”');
  });

  it('a name from a Slack profile is cleaned and cut, or empty', () => {
    expect(outsideName('\u202EAda\u0000')).toBe('Ada');
    expect(outsideName('x'.repeat(150))).toBe('x'.repeat(100));
    expect(outsideName('\u200D\u3164')).toBe('');
  });

  it('a command’s words hold no control character or bidi override', () => {
    const read = tokenize('a\u0000b "c\u202Ed" e\u0007f');
    expect(read.ok && read.tokens.map((token) => token.text)).toEqual(['ab', 'cd', 'ef']);
  });
});

describe('literalLike: a search matched as typed', () => {
  it.each([
    ['100%', '100\\%'],
    ['a_b', 'a\\_b'],
    ['back\\slash', 'back\\\\slash'],
    ['plain', 'plain'],
    ['nul\u0000', 'nul'],
  ])('%j → %j', (typed, pattern) => {
    expect(literalLike(typed)).toBe(pattern);
  });
});
