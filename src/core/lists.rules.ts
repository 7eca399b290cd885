/**
 * Where a page of a list is, as people read it: "51–100 of 137", or "all 7" when one page holds
 * them all. `from` is the first row's place (1-based), `shown` how many rows the page has.
 */
export function pagePosition(from: number, shown: number, total: number): string {
  if (shown >= total) return `all ${total}`;
  if (!shown) return `none of ${total}`;
  return `${from}–${from + shown - 1} of ${total}`;
}
