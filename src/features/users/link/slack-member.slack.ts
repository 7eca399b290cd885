import { LogLevel, WebClient } from '@slack/web-api';
import { ValidationError } from '../../../core/errors.ts';
import { emailSchema } from '../../../core/users.rules.ts';
import {
  NO_SLACK_FIELD,
  SLACK_FIELD,
  type NewUserSlackLink,
  type SlackAccount,
  type SlackChoice,
} from './slack-link.rules.ts';

/** How long a form's submission waits for one Slack look-up: the whole answer must be in within 3 s. */
const LOOKUP_TIMEOUT_MS = 1_500;

const lookupClients = new WeakMap<WebClient, WebClient>();

/**
 * A Web API client for the look-ups a form's submission makes before it answers: no retries, a
 * 429 fails at once rather than being waited out, and a slow answer is given up after 1.5 s
 * (the app's client retries with backoff and has no timeout: Slack's 3 s would pass).
 */
export function lookupClient(client: WebClient): WebClient {
  let quick = lookupClients.get(client);
  if (!quick) {
    quick = new WebClient(client.token, {
      slackApiUrl: client.slackApiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: LOOKUP_TIMEOUT_MS,
      logLevel: LogLevel.ERROR,
    });
    lookupClients.set(client, quick);
  }
  return quick;
}

/** Slack's error code of a failed Web API call (`users_not_found`, …), if it gave one. */
function slackError(error: unknown): string | undefined {
  return (error as { data?: { error?: string } }).data?.error;
}

const BOTH_CHOSEN: Record<'add' | 'edit', string> = {
  add: 'You chose a Slack account and ticked “Don’t link a Slack account”; do one or the other.',
  edit: 'You chose another Slack account and ticked “Unlink the Slack account”; do one or the other.',
};

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
  if (choice.none && choice.picked) throw new ValidationError({ [NO_SLACK_FIELD]: BOTH_CHOSEN.add });
  if (choice.none) return { none: 'declined' };
  const quick = lookupClient(client);
  if (choice.picked) return { account: { teamId, userId: await usableMember(quick, choice.picked) } };
  const valid = emailSchema.safeParse(email);
  // A malformed email is refused on its own field by the use case.
  if (!valid.success) return { none: 'no_member' };
  try {
    const user = (await quick.users.lookupByEmail({ email: valid.data })).user;
    if (!user?.id || user.deleted || user.is_bot) return { none: 'no_member' };
    return { account: { teamId, userId: user.id } };
  } catch (error) {
    return { none: slackError(error) === 'users_not_found' ? 'no_member' : 'lookup_failed' };
  }
}

/**
 * The Slack account an edited user gets: undefined to leave it (the form had no such field, or
 * the chosen account is the current one), null to unlink (the picker cleared, or "Unlink"
 * ticked with the current account still shown), or the one chosen, checked with users.info.
 * "Unlink" ticked while another account is chosen is refused, as Add user refuses it.
 */
export async function slackLinkForEdit(
  client: WebClient,
  teamId: string,
  current: string | null,
  choice: SlackChoice,
): Promise<SlackAccount | null | undefined> {
  if (choice.none && choice.picked && choice.picked !== current) {
    throw new ValidationError({ [NO_SLACK_FIELD]: BOTH_CHOSEN.edit });
  }
  if (choice.none) return current ? null : undefined;
  if (choice.picked === undefined || choice.picked === current) return undefined;
  if (choice.picked === null) return current ? null : undefined;
  return { teamId, userId: await usableMember(lookupClient(client), choice.picked) };
}

/**
 * The Slack member with this email, if any (to ask them to confirm a new login email); `asked`
 * is false when Slack could not be asked in time.
 */
export async function slackMemberWithEmail(
  client: WebClient,
  typed: string,
): Promise<{ slackUserId?: string; asked: boolean }> {
  const email = emailSchema.safeParse(typed);
  if (!email.success) return { asked: true };
  try {
    const user = (await lookupClient(client).users.lookupByEmail({ email: email.data })).user;
    return { slackUserId: user?.id, asked: true };
  } catch (error) {
    return { asked: slackError(error) === 'users_not_found' };
  }
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
