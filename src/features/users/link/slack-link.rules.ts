import type { NoSlackLinkReason } from '../user-notices.rules.ts';

/** The field of the user forms (and the CLI's option) that names the Slack account. */
export const SLACK_FIELD = 'slackUser';
/** The user forms' box for "no Slack account" (Add) or "Unlink" (Edit). */
export const NO_SLACK_FIELD = 'noSlackLink';

/** A Slack account to link: the workspace (null when not known yet: set at their first request) and the member. */
export interface SlackAccount {
  teamId: string | null;
  userId: string;
}

/** The Slack account to link to a new user, found before the transaction (by the Slack layer), or why there is none. */
export type NewUserSlackLink = { account: SlackAccount } | { none: NoSlackLinkReason };

/**
 * What a user form says about the Slack account: who was chosen (null: nobody; undefined: the
 * form has no such field — one opened before it existed), and whether the "none" box is ticked.
 */
export interface SlackChoice {
  picked: string | null | undefined;
  none: boolean;
}
