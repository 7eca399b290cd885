import type { Person } from '../../core/notices.rules.ts';
import type { Privileges } from '../../core/privileges.rules.ts';

/** The notices of the users slice: what it announces, as data (core/notices.rules.ts). */
export type UsersNotice =
  | UserAddedNotice
  | UserLifecycleNotice
  | UserEditedNotice
  | EmailConfirmationNotice
  | EmailChangedNotice
  | PasswordResetNotice;

export interface UserAddedNotice {
  type: 'user.added';
  /** 'channel' for the announcement, 'actor' for the confirmation to the admin who added them. */
  audience: 'channel' | 'actor';
  user: { id: string; fullName: string; email: string; title: string | null };
  company: string;
  privileges: Privileges;
  /** Admin was asked for: approvers decide (see AdminRequestNotice). */
  adminRequested?: boolean;
  by: Person;
}

/** A user was deactivated, reactivated or deleted, lost admin rights, or was given them by the operator. */
export interface UserLifecycleNotice {
  type: 'user.deactivated' | 'user.reactivated' | 'user.deleted' | 'user.admin_removed' | 'user.admin_granted';
  /** 'channel' for the announcement, 'subject' for the DM to the user it happened to. */
  audience: 'channel' | 'subject';
  user: { fullName: string; email: string };
  company: string;
  by: Person;
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
