import type { Person } from '../../core/notices.rules.ts';
import type { Privileges } from '../../core/privileges.rules.ts';

/** The notices of the users slice: what it announces, as data (core/notices.rules.ts). */
export type UsersNotice =
  | UserAddedNotice
  | UserLifecycleNotice
  | UserEditedNotice
  | EmailConfirmationNotice
  | EmailChangedNotice
  | PasswordResetNotice
  | SlackLinkNotice;

export interface UserAddedNotice {
  type: 'user.added';
  /** 'channel' for the announcement, 'actor' for the confirmation to the admin who added them. */
  audience: 'channel' | 'actor';
  user: { id: string; fullName: string; email: string; title: string | null };
  company: string;
  privileges: Privileges;
  /** Admin was asked for: approvers decide (see AdminRequestNotice). */
  adminRequested?: boolean;
  /** Admin was ticked but not asked for: fewer others could approve it than an approval needs. */
  adminNotRequested?: { eligible: number; required: number };
  /** No password was typed: a link to set it goes to them, as a Slack DM (linked) or by email. */
  passwordLink?: 'slack' | 'email';
  /** The Slack account linked at once, or why none was (for the actor's confirmation). */
  slack?: { linked: string } | { none: NoSlackLinkReason };
  by: Person;
}

/**
 * Why a new user got no Slack account: the admin said not to link one, no workspace member has
 * their email, or Slack could not be asked.
 */
export type NoSlackLinkReason = 'declined' | 'no_member' | 'lookup_failed';

/** A Slack account was linked to a user (or changed), or the link removed. */
export interface SlackLinkNotice {
  type: 'user.slack_linked' | 'user.slack_unlinked';
  /**
   * 'channel' for the announcement, 'subject' for the DM to the newly linked Slack account,
   * 'previous' for the DM to the account linked before.
   */
  audience: 'channel' | 'subject' | 'previous';
  user: { fullName: string; email: string };
  company: string;
  /** The account linked now (null when unlinked) and the one linked before (null when none). */
  slackUserId: string | null;
  previousSlackUserId: string | null;
  /** Whether the user can act now (absent in notices queued before it existed: active). */
  userState?: 'active' | 'invited' | 'deactivated';
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
