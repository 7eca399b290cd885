import type { WebClient } from '@slack/web-api';
import { ValidationError } from '../../../core/errors.ts';
import { emailSchema } from '../../../core/users.rules.ts';
import type { NewUserSlackLink } from '../add/add-user.ts';
import type { SlackChoice } from '../add/read-user-form.slack.ts';
import { SLACK_FIELD, type SlackAccount } from './slack-link.ts';

const NO_SLACK_FIELD = 'noSlackLink';

/** Slack's error code of a failed Web API call (`users_not_found`, …), if it gave one. */
function slackError(error: unknown): string | undefined {
  return (error as { data?: { error?: string } }).data?.error;
}

/**
 * The Slack account a new user gets, asked of Slack before the use case's transaction: the one
 * chosen (checked with users.info), none when "Don't link" is ticked, otherwise the workspace
 * member with their email (users.lookupByEmail) — none when there is no such member, or when
 * Slack can't be asked (the user is added anyway, and the admin told).
 */
export async function slackLinkForNewUser(
  client: WebClient,
  teamId: string,
  email: string,
  choice: SlackChoice,
): Promise<NewUserSlackLink> {
  if (choice.none && choice.picked) {
    throw new ValidationError({
      [NO_SLACK_FIELD]: 'You chose a Slack account and ticked “Don’t link a Slack account”; do one or the other.',
    });
  }
  if (choice.none) return { none: 'declined' };
  if (choice.picked) return { account: { teamId, userId: await usableMember(client, choice.picked) } };
  const valid = emailSchema.safeParse(email);
  // A malformed email is refused on its own field by the use case.
  if (!valid.success) return { none: 'no_member' };
  try {
    const user = (await client.users.lookupByEmail({ email: valid.data })).user;
    if (!user?.id || user.deleted || user.is_bot) return { none: 'no_member' };
    return { account: { teamId, userId: user.id } };
  } catch (error) {
    return { none: slackError(error) === 'users_not_found' ? 'no_member' : 'lookup_failed' };
  }
}

/**
 * The Slack account an edited user gets: undefined to leave it (the form had no such field, or
 * the chosen account is the current one), null to unlink (the picker cleared, or "Unlink"
 * ticked), or the one chosen, checked with users.info.
 */
export async function slackLinkForEdit(
  client: WebClient,
  teamId: string,
  current: string | null,
  choice: SlackChoice,
): Promise<SlackAccount | null | undefined> {
  if (choice.none) return current ? null : undefined;
  if (choice.picked === undefined || choice.picked === current) return undefined;
  if (choice.picked === null) return current ? null : undefined;
  return { teamId, userId: await usableMember(client, choice.picked) };
}

/** A chosen Slack account must be a person's, and active: refused on the field otherwise. */
async function usableMember(client: WebClient, slackUserId: string): Promise<string> {
  let user;
  try {
    user = (await client.users.info({ user: slackUserId })).user;
  } catch (error) {
    const gone = slackError(error) === 'user_not_found';
    throw new ValidationError({
      [SLACK_FIELD]: gone
        ? 'Slack doesn’t know that account (any more); choose another.'
        : 'Slack could not be asked about that account just now; try again in a moment.',
    });
  }
  if (!user?.id || user.deleted) {
    throw new ValidationError({ [SLACK_FIELD]: 'That Slack account is deactivated; choose an active member.' });
  }
  if (user.is_bot || user.id === 'USLACKBOT') {
    throw new ValidationError({ [SLACK_FIELD]: 'That is a bot, not a person; choose the person’s own Slack account.' });
  }
  return user.id;
}
