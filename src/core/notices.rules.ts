import type { AdminRequestStatus } from './admin-requests.rules.ts';
import type { Privileges } from './privileges.rules.ts';

/**
 * What Switchboard announces, as data. Services write notices to the outbox; the Slack adapter
 * decides how they look. Notices never carry passwords or other secrets.
 */
export type Notice =
  | UserAddedNotice
  | UserLifecycleNotice
  | UserEditedNotice
  | EmailConfirmationNotice
  | EmailChangedNotice
  | PasswordResetNotice
  | CompanyNotice
  | AdminRequestNotice
  | AdminRequestUpdateNotice
  | AdminGrantEndedNotice
  | LicenseNotice
  | LocationNotice
  | InvitationNotice
  | InvitationOfferNotice
  | InvitationsExpiredNotice
  | InvitationImportNotice
  | TelephonyNotice
  | UserSetUpNotice;

interface Person {
  fullName: string;
  slackUserId: string | null;
}

export interface UserAddedNotice {
  type: 'user.added';
  /** 'channel' for the announcement, 'actor' for the confirmation to the admin who added them. */
  audience: 'channel' | 'actor';
  user: { id: string; fullName: string; email: string; title: string | null };
  company: string;
  privileges: Privileges;
  /** Admin was asked for: approvers decide (see AdminRequestNotice). */
  adminRequested?: boolean;
  by: { fullName: string; slackUserId: string | null };
}

/** A user was deactivated, reactivated or deleted, or lost admin rights. */
export interface UserLifecycleNotice {
  type: 'user.deactivated' | 'user.reactivated' | 'user.deleted' | 'user.admin_removed';
  /** 'channel' for the announcement, 'subject' for the DM to the user it happened to. */
  audience: 'channel' | 'subject';
  user: { fullName: string; email: string };
  company: string;
  by: { fullName: string; slackUserId: string | null };
}

/** An admin changed a user's details. */
export interface UserEditedNotice {
  type: 'user.edited';
  audience: 'channel';
  user: { fullName: string; email: string };
  company: string;
  /** The labels of the fields that changed (never their secret values). */
  fields: string[];
  by: Person;
}

/** Asks the owner of a new login email to confirm it (a DM with a Confirm button). */
export interface EmailConfirmationNotice {
  type: 'user.email_confirmation';
  audience: 'owner';
  userId: string;
  fullName: string;
  newEmail: string;
  requestedBy: Person;
}

/** A new login email was confirmed by its owner. */
export interface EmailChangedNotice {
  type: 'user.email_changed';
  audience: 'channel';
  user: { fullName: string; email: string };
  previousEmail: string;
  company: string;
}

/** An admin reset a user's password. The password itself is never in a notice. */
export interface PasswordResetNotice {
  type: 'user.password_reset';
  audience: 'channel' | 'subject';
  user: { fullName: string; email: string };
  company: string;
  by: Person;
}

/** A customer company was created or renamed. */
export interface CompanyNotice {
  type: 'organization.created' | 'organization.renamed';
  audience: 'channel';
  /** The path of the company, e.g. "Reseller › Customer". */
  path: string;
  previousName?: string;
  by: Person;
}

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

/** Seats were added to a company, or a user got or lost a seat. */
export interface LicenseNotice {
  type: 'licenses.added' | 'license.assigned' | 'license.revoked';
  audience: 'channel';
  product: string;
  company: string;
  /** For seats added: how many, and the company's total after. */
  seats?: { added: number; total: number };
  user?: { fullName: string; email: string };
  by: Person;
}

/** A location was added, changed or removed, or a user moved to one. */
export interface LocationNotice {
  type: 'location.added' | 'location.changed' | 'location.removed' | 'location.assigned';
  audience: 'channel';
  location: string;
  company: string;
  user?: { fullName: string; email: string };
  by: Person;
}

/** Something happened to one person's invitation. */
export interface InvitationNotice {
  type:
    'invitation.created' | 'invitation.resent' | 'invitation.revoked' | 'invitation.accepted' | 'invitation.declined';
  audience: 'channel';
  user: { fullName: string; email: string };
  company: string;
  /** For created: whether it goes out now (license on) or waits for a license. */
  waitingForLicense?: boolean;
  /** For accepted: in Slack or on the web page. */
  via?: 'slack' | 'web';
  by?: Person;
}

/** The invitation itself, as a DM to a workspace member: Accept or Decline. */
export interface InvitationOfferNotice {
  type: 'invitation.offer';
  audience: 'invitee';
  invitationId: string;
  email: string;
  company: string;
  invitedBy: string;
  expiresAt: string;
}

/** Invitations whose links ran out, announced together. */
export interface InvitationsExpiredNotice {
  type: 'invitations.expired';
  audience: 'channel';
  count: number;
  /** The first few, to name them. */
  emails: string[];
}

/** One summary per imported invitation file. */
export interface InvitationImportNotice {
  type: 'invitations.imported';
  audience: 'channel';
  company: string;
  fileName: string;
  invited: number;
  waitingForLicense: number;
  skipped: number;
  by: Person;
}

/** Numbers added to a pool; a number or device given to a user or taken back. */
export interface TelephonyNotice {
  type:
    | 'numbers.added'
    | 'number.assigned'
    | 'number.unassigned'
    | 'device.added'
    | 'device.assigned'
    | 'device.unassigned';
  audience: 'channel';
  /** The number(s) or the device, as people read them. */
  what: string;
  company: string;
  user?: { fullName: string; email: string };
  by: Person;
}

/** A user was set up with the wizard: who, where, and what they got. */
export interface UserSetUpNotice {
  type: 'user.set_up';
  audience: 'channel';
  user: { fullName: string; email: string };
  company: string;
  /** What they got, as people read it: "+49 30 1234500", "extension 101", "Executive station", … */
  given: string[];
  by: Person;
}
