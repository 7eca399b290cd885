import type { AdminRequestStatus } from './admin-requests.rules.ts';
import type { Person } from '../../core/notices.rules.ts';
import { fullName } from '../../core/users.rules.ts';

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
  /** Named as the requester is (a string: an approver's email, in notices written before). */
  approvedBy: (Person | string)[];
  status: AdminRequestStatus;
  /** Who ended it (denied, cancelled) and their comment. */
  decidedBy?: Person | string;
  comment?: string;
  expiresAt: string;
}

/** A step in a request's life: in the approvers' thread, or as a DM to the requester or target. */
export interface AdminRequestUpdateNotice {
  type: 'admin_request.update';
  audience: 'thread' | 'requester' | 'target';
  event: 'approved_by' | 'granted' | 'denied' | 'cancelled' | 'expired' | 'reminder';
  target: { fullName: string; email: string };
  by?: Person | string;
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

/** A request as its notices tell it: its decisions (oldest first) and its target with their company. */
interface RequestState {
  id: string;
  reason: string;
  grantMinutes: number | null;
  requiredApprovals: number;
  status: AdminRequestStatus;
  expiresAt: Date;
  decisions: { approve: boolean; approverId: string; approverLabel: string; comment: string | null }[];
  target: { firstName: string; lastName: string; email: string; organization: { name: string } };
}

/** The outbox key of a request's message for approvers: later notices revise it or reply under it. */
export const requestKey = (id: string) => `admin_request:${id}`;

/** The approvers' message for a request, as it stands. */
export function adminRequestNotice(
  request: RequestState,
  requester: Person,
  approvers: ReadonlyMap<string, Person> = new Map(),
): AdminRequestNotice {
  const denial = request.decisions.find((decision) => !decision.approve);
  // An approver whose user is gone is named by the email they decided with.
  const approver = (decision: RequestState['decisions'][number]): Person =>
    approvers.get(decision.approverId) ?? { fullName: '', email: decision.approverLabel, slackUserId: null };
  return {
    type: 'admin_request',
    audience: 'approvers',
    requestId: request.id,
    target: { fullName: fullName(request.target), email: request.target.email },
    company: request.target.organization.name,
    requester,
    reason: request.reason,
    grantMinutes: request.grantMinutes,
    required: request.requiredApprovals,
    approvedBy: request.decisions.filter((decision) => decision.approve).map(approver),
    status: request.status,
    decidedBy: denial && approver(denial),
    comment: denial?.comment ?? undefined,
    expiresAt: request.expiresAt.toISOString(),
  };
}

/** A step in a request's life, for its thread or a DM to the requester or the target. */
export function adminRequestUpdate(
  request: RequestState,
  audience: AdminRequestUpdateNotice['audience'],
  event: AdminRequestUpdateNotice['event'],
  by?: Person,
  comment?: string,
): AdminRequestUpdateNotice {
  return {
    type: 'admin_request.update',
    audience,
    event,
    target: { fullName: fullName(request.target), email: request.target.email },
    by,
    comment,
    given: request.decisions.filter((decision) => decision.approve).length,
    required: request.requiredApprovals,
    grantMinutes: request.grantMinutes,
    expiresAt: request.expiresAt.toISOString(),
  };
}
