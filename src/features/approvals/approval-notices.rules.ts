import type { AdminRequestStatus } from '../../core/admin-requests.rules.ts';
import type { Person } from '../../core/notices.rules.ts';

/** The notices of the approvals slice: what it announces, as data (core/notices.rules.ts). */
export type ApprovalsNotice = AdminRequestNotice | AdminRequestUpdateNotice | AdminGrantEndedNotice;

/** An admin-rights request as approvers see it (posted, then revised as it is decided). */
export interface AdminRequestNotice {
  type: 'admin_request';
  audience: 'approvers';
  requestId: string;
  target: { fullName: string; email: string };
  company: string;
  requester: Person;
  reason: string;
  /** Time-bound grant length, in minutes; absent: until removed. */
  grantMinutes: number | null;
  required: number;
  approvedBy: string[];
  status: AdminRequestStatus;
  /** Who ended it (denied, cancelled) and their comment. */
  decidedBy?: string;
  comment?: string;
  expiresAt: string;
}

/** A step in a request's life: in the approvers' thread, or as a DM to the requester or target. */
export interface AdminRequestUpdateNotice {
  type: 'admin_request.update';
  audience: 'thread' | 'requester' | 'target';
  event: 'approved_by' | 'granted' | 'denied' | 'cancelled' | 'expired' | 'reminder';
  target: { fullName: string; email: string };
  by?: string;
  comment?: string;
  given: number;
  required: number;
  grantMinutes: number | null;
  expiresAt: string;
}

/** A time-bound grant reached its end. */
export interface AdminGrantEndedNotice {
  type: 'admin_grant.ended';
  audience: 'channel' | 'subject';
  user: { fullName: string; email: string };
  company: string;
  /** true: admin was kept, because removing it would leave the company without an active admin. */
  kept: boolean;
}
