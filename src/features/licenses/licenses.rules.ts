/**
 * The two kinds of product in the seat inventory: a license, which a user may hold alongside
 * others (e.g. Meet), and a station package (e.g. Basic, Executive), of which a user holds at most
 * one. The same words as the database's `product_kind` (test/core/domain-words.test.ts).
 */
export const PRODUCT_KINDS = ['license', 'station'] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];

/** The most seats recorded at once (a typo's extra zeros are refused rather than bought). */
export const MAX_SEATS_AT_ONCE = 100_000;
