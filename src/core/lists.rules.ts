/**
 * Where a page of a list is, as people read it: "51–100 of 137", or "all 7" when one page holds
 * them all. `from` is the first row's place (1-based), `shown` how many rows the page has.
 */
export function pagePosition(from: number, shown: number, total: number): string {
  if (shown >= total) return `all ${total}`;
  if (!shown) return `none of ${total}`;
  return `${from}–${from + shown - 1} of ${total}`;
}

/** How many rows a page of a long list shows (/numbers, /extensions, /devices). */
export const LIST_PAGE_SIZE = 40;

/**
 * The page of a list that starts at `offset` (0-based), moved back onto the list when the list
 * shrank since the page link was made; and where the pages before and after it start, if any.
 */
export function pageAt(
  offset: number,
  total: number,
  size = LIST_PAGE_SIZE,
): { offset: number; previous?: number; next?: number } {
  const lastStart = total > 0 ? Math.floor((total - 1) / size) * size : 0;
  const start = Math.min(Math.max(0, Math.floor(offset / size) * size), lastStart);
  return {
    offset: start,
    ...(start > 0 ? { previous: start - size } : {}),
    ...(start + size < total ? { next: start + size } : {}),
  };
}
