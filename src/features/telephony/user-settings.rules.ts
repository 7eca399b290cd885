/**
 * How a user's itemized call list shows numbers (a sipgate user setting): in full, with the last
 * digits hidden, or not kept at all. The same words as the database's `call_list_privacy`
 * (test/core/domain-words.test.ts).
 */
export const CALL_LIST_PRIVACIES = ['complete', 'shortened', 'none'] as const;
export type CallListPrivacy = (typeof CALL_LIST_PRIVACIES)[number];
