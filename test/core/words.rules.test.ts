import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleFor, isAre, listed, nounFor, plural, pluralOf, withArticle } from '../../src/core/words.rules.ts';

describe('plural', () => {
  it.each([
    [0, 'seat', '0 seats'],
    [1, 'seat', '1 seat'],
    [2, 'seat', '2 seats'],
    [1, 'approval', '1 approval'],
    [3, 'approval', '3 approvals'],
    [1, 'person', '1 person'],
    [2, 'person', '2 people'],
    [2, 'company', '2 companies'],
    [2, 'station package', '2 station packages'],
    [2, 'address', '2 addresses'],
    [2, 'day', '2 days'],
    [12_500, 'number', '12500 numbers'],
  ])('%i %s → %s', (count, noun, words) => {
    expect(plural(count, noun)).toBe(words);
  });

  it('takes a plural the rules would not make', () => {
    expect(plural(2, 'Meet seat')).toBe('2 Meet seats');
    expect(plural(2, 'child', 'children')).toBe('2 children');
    expect(nounFor(1, 'device')).toBe('device');
    expect(nounFor(5, 'device')).toBe('devices');
    expect(pluralOf('reply')).toBe('replies');
    expect(isAre(1)).toBe('is');
    expect(isAre(0)).toBe('are');
  });

  it('never writes "(s)"', () => {
    for (const count of [0, 1, 2, 21]) expect(plural(count, 'change')).not.toContain('(s)');
  });

  it('no message in src/ says "seat(s)": they count with plural()', () => {
    const src = path.resolve(import.meta.dirname, '../../src');
    const files = (readdirSync(src, { recursive: true }) as string[]).filter(
      (file) => file.endsWith('.ts') && !file.includes('generated'),
    );
    const found = files.flatMap((file) =>
      readFileSync(path.join(src, file), 'utf8')
        .split('\n')
        .map((line, i) => ({ where: `${file}:${i + 1}`, line: line.trim() }))
        .filter(({ line }) => !/^(\*|\/\/|\/\*)/.test(line) && /[a-z]\((?:s|es)\)/.test(line)),
    );
    expect(found).toEqual([]);
  });
});

describe('a or an', () => {
  it.each([
    ['Executive', 'an'],
    ['Meet', 'a'],
    ['Basic', 'a'],
    ['Office 365', 'an'],
    ['Unified Communications', 'a'],
    ['user', 'a'],
    ['hour', 'an'],
    ['uninstaller', 'an'],
    ['Europe bundle', 'a'],
    [' apple', 'an'],
    ['Fax', 'a'],
    ['fax line', 'a'],
  ])('%s takes %s', (word, article) => {
    expect(articleFor(word)).toBe(article);
  });

  it('puts the article before the word', () => {
    expect(withArticle('Executive')).toBe('an Executive');
    expect(withArticle('Meet')).toBe('a Meet');
  });
});

describe('listed', () => {
  it.each([
    [[], ''],
    [['Meet'], 'Meet'],
    [['Meet', 'Teams'], 'Meet and Teams'],
    [['Meet', 'Teams', 'Webex'], 'Meet, Teams and Webex'],
  ])('%j → %s', (items, words) => {
    expect(listed(items)).toBe(words);
  });
});
