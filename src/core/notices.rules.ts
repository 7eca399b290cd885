/**
 * What Switchboard announces, as data. Use cases write notices to the outbox (outbox.ts); the
 * Slack shell decides how they look. Each slice names its notices in its own
 * `*-notices.rules.ts`; their union and how each looks are composed in the Slack shell
 * (slack/notices.blocks.ts), so core knows no slice. Notices never carry passwords or other
 * secrets.
 */
export interface NoticeData {
  /** What happened ('user.added', 'admin_request', …): the shell renders by it. */
  type: string;
  /** Whom it is for ('channel', 'subject', 'approvers', …). */
  audience: string;
}

/**
 * A person as notices name them: a mention where they have a Slack user, otherwise "Name (email)"
 * (users.rules.ts personName). `email` is null for a system actor, absent in notices written before
 * it was carried.
 */
export interface Person {
  fullName: string;
  email?: string | null;
  slackUserId: string | null;
}

/** A notice for the announcements channel that may name who did it (outbox.ts's announce). */
export interface Announcement extends NoticeData {
  audience: 'channel';
  by?: Person;
}
