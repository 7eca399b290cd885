import type { Privileges } from './privileges.ts';

/**
 * What Switchboard announces, as data. Services write notices to the outbox; the Slack adapter
 * decides how they look. Notices never carry passwords or other secrets.
 */
export type Notice = UserAddedNotice | UserLifecycleNotice;

export interface UserAddedNotice {
  type: 'user.added';
  /** 'channel' for the announcement, 'actor' for the confirmation to the admin who added them. */
  audience: 'channel' | 'actor';
  user: { id: string; fullName: string; email: string; title: string | null };
  company: string;
  privileges: Privileges;
  by: { fullName: string; slackUserId: string | null };
}

/** A user was deactivated, reactivated or deleted. */
export interface UserLifecycleNotice {
  type: 'user.deactivated' | 'user.reactivated' | 'user.deleted';
  /** 'channel' for the announcement, 'subject' for the DM to the user it happened to. */
  audience: 'channel' | 'subject';
  user: { fullName: string; email: string };
  company: string;
  by: { fullName: string; slackUserId: string | null };
}
