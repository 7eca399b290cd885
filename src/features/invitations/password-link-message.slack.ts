import { ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import type { App } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';
import { boltLogger } from '../../slack/bolt-logger.ts';
import { SlackBusyError } from '../../slack/members.ts';
import type { PasswordLinkMessage } from './password-link-delivery.ts';
import { PASSWORD_LINK_ACTION, passwordLinkDirectMessage } from './password-link.blocks.ts';

/**
 * How the courier posts a set-password DM: chat.postMessage to the user, with its own Web API
 * client that never waits out a 429 (the courier retries after Retry-After instead).
 */
export function passwordLinkMessenger(
  token: string,
  apiUrl: string,
  publicUrl: string,
  options: { logger?: Logger; timeoutMs?: number } = {},
) {
  const logger = options.logger && boltLogger(options.logger.child({ worker: 'invitations' }));
  logger?.setLevel(LogLevel.ERROR);
  const client = new WebClient(token, {
    slackApiUrl: apiUrl || undefined,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 10_000,
    ...(logger ? { logger } : { logLevel: LogLevel.ERROR }),
  });
  return async (slackUserId: string, message: PasswordLinkMessage): Promise<void> => {
    try {
      await client.chat.postMessage({ channel: slackUserId, ...passwordLinkDirectMessage(message, publicUrl) });
    } catch (error) {
      const limited = error as { code?: string; retryAfter?: number };
      if (limited.code === ErrorCode.RateLimitedError) {
        throw new SlackBusyError('chat.postMessage', limited.retryAfter ?? 60);
      }
      throw error;
    }
  };
}

/** A click on the DM's button opens the page in the browser; Slack still expects it acknowledged. */
export function register(app: App): void {
  app.action(PASSWORD_LINK_ACTION, async ({ ack }) => {
    await ack();
  });
}
