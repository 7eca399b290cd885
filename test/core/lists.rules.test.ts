import { describe, expect, it } from 'vitest';
import { pageAt, pagePosition } from '../../src/core/lists.rules.ts';

describe('pagePosition', () => {
  it.each([
    [1, 40, 137, '1–40 of 137'],
    [121, 17, 137, '121–137 of 137'],
    [1, 7, 7, 'all 7'],
    [1, 0, 5, 'none of 5'],
  ])('from %i, %i shown of %i: %s', (from, shown, total, words) => {
    expect(pagePosition(from, shown, total)).toBe(words);
  });
});

describe('pageAt', () => {
  it('gives the pages before and after', () => {
    expect(pageAt(0, 137, 40)).toEqual({ offset: 0, next: 40 });
    expect(pageAt(40, 137, 40)).toEqual({ offset: 40, previous: 0, next: 80 });
    expect(pageAt(120, 137, 40)).toEqual({ offset: 120, previous: 80 });
    expect(pageAt(0, 40, 40)).toEqual({ offset: 0 });
    expect(pageAt(0, 0, 40)).toEqual({ offset: 0 });
  });

  it('moves a page link back onto a list that shrank, and onto a page boundary', () => {
    expect(pageAt(200, 90, 40)).toEqual({ offset: 80, previous: 40 });
    expect(pageAt(45, 137, 40)).toEqual({ offset: 40, previous: 0, next: 80 });
    expect(pageAt(-3, 137, 40)).toEqual({ offset: 0, next: 40 });
  });
});
