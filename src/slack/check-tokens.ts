import { LogLevel, WebClient, WebAPIHTTPError, WebAPIPlatformError, WebAPIRequestError } from '@slack/web-api';
import { StartupError } from '../startup-error.ts';

export interface BotIdentity {
  botId: string;
  botUserId: string;
}

const REVOKED = new Set(['token_revoked', 'token_expired', 'account_inactive', 'team_disabled', 'app_uninstalled']);

/**
 * Asks Slack who the bot token belongs to (`auth.test`) before the app says it is listening, so a
 * wrong, revoked or unreachable token stops the start with one line saying what to do. The answer
 * spares Bolt its own auth.test.
 */
export async function checkBotToken(token: string, apiUrl?: string): Promise<BotIdentity> {
  const client = new WebClient(token, {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 0 },
    timeout: 10_000,
    logLevel: LogLevel.ERROR,
  });
  try {
    const answer = await client.auth.test();
    if (!answer.bot_id || !answer.user_id) {
      throw new StartupError(
        'SLACK_BOT_TOKEN is not a bot token: use the Bot User OAuth Token (xoxb-…) from your app’s OAuth & Permissions page.',
      );
    }
    return { botId: answer.bot_id, botUserId: answer.user_id };
  } catch (error) {
    throw tokenProblem('SLACK_BOT_TOKEN', error, apiUrl);
  }
}

/** The words for a failed token check or Socket Mode connection; anything else passes through. */
export function tokenProblem(setting: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN', error: unknown, apiUrl?: string): unknown {
  if (error instanceof WebAPIPlatformError) {
    const code = error.data.error;
    if (REVOKED.has(code)) {
      return new StartupError(
        `Slack says ${setting} is no longer valid (${code}): the app was uninstalled or its token revoked. ` +
          `Reinstall the app to your workspace and set the new token.`,
      );
    }
    const where =
      setting === 'SLACK_BOT_TOKEN'
        ? 'the Bot User OAuth Token (xoxb-…) on your app’s OAuth & Permissions page'
        : 'an app-level token (xapp-…) with connections:write on your app’s Basic Information page';
    return new StartupError(`Slack refused ${setting} (${code}): copy ${where}.`);
  }
  if (error instanceof WebAPIRequestError) {
    // fetch reports "fetch failed"; the system's reason (ECONNREFUSED, ENOTFOUND…) is its cause.
    const cause = (error.original.cause ?? error.original) as NodeJS.ErrnoException;
    const reason = cause.code ?? cause.message;
    return new StartupError(
      `Slack can't be reached at ${apiUrl ?? 'https://slack.com/api/'} (${reason}): ` +
        `check this machine's network, DNS and proxy settings.`,
    );
  }
  if (error instanceof WebAPIHTTPError) {
    return new StartupError(`Slack answered ${error.statusCode} to the token check: try again in a few minutes.`);
  }
  return error;
}
