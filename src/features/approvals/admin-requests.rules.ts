import { textField } from '../../core/text.rules.ts';

/**
 * How a request for admin rights stands: pending until enough approvers approve (approved), one
 * denies, the requester cancels, or it expires. The same words as the database's
 * `admin_request_status` (test/core/domain-words.test.ts).
 */
export const ADMIN_REQUEST_STATUSES = ['pending', 'approved', 'denied', 'cancelled', 'expired'] as const;
export type AdminRequestStatus = (typeof ADMIN_REQUEST_STATUSES)[number];

/** The limits of the request's reason and the denial's comment: the forms' `max_length` reads these. */
export const MAX_REASON_LENGTH = 500;
export const MAX_COMMENT_LENGTH = 500;

export const reasonSchema = textField({
  what: 'reason',
  max: MAX_REASON_LENGTH,
  multiline: true,
  empty: 'Say why admin rights are needed; approvers decide on it.',
  tooLong: `A reason has at most ${MAX_REASON_LENGTH} characters.`,
});

export const commentSchema = textField({
  what: 'comment',
  max: MAX_COMMENT_LENGTH,
  optional: true,
  multiline: true,
  tooLong: `A comment has at most ${MAX_COMMENT_LENGTH} characters.`,
});
