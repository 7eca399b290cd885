/**
 * How a request for admin rights stands: pending until enough approvers approve (approved), one
 * denies, the requester cancels, or it expires. The same words as the database's
 * `admin_request_status` (test/core/domain-words.test.ts).
 */
export const ADMIN_REQUEST_STATUSES = ['pending', 'approved', 'denied', 'cancelled', 'expired'] as const;
export type AdminRequestStatus = (typeof ADMIN_REQUEST_STATUSES)[number];
