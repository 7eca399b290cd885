import { ErrorCode, LogLevel } from '@slack/web-api';
import type { Listeners } from '../../slack/listeners.ts';
import { clientsByToken } from '../../slack/clients-by-token.ts';

import type { Logger } from '../../core/logger.ts';
import { boltLogger } from '../../slack/bolt-logger.ts';
import { SlackBusyError } from '../../slack/members.ts';
import type { WorkspaceTokens } from '../../slack/workspace-tokens.ts';
import type { PasswordLinkMessage } from './password-link-delivery.ts';
import { PASSWORD_LINK_ACTION, passwordLinkDirectMessage } from './password-link.blocks.ts';

/** Slack's answers meaning the linked account can't get a DM (deactivated or gone, or the app uninstalled): email instead. */
const NO_ONE_TO_MESSAGE = new Set([
  'channel_not_found',
  'user_not_found',
  'user_disabled',
  'cannot_dm_bot',
  'invalid_auth',
  'token_revoked',
  'account_inactive',
]);

/**
 * How the courier posts a set-password DM: chat.postMessage to the user, with its own Web API
 * client that never waits out a 429 (the courier retries after Retry-After instead). False when
 * the linked account can't be sent a DM any more.
 */
export function passwordLinkMessenger(
  tokens: WorkspaceTokens,
  apiUrl: string,
  publicUrl: string,
  options: { logger?: Logger; timeoutMs?: number } = {},
) {
  const logger = options.logger && boltLogger(options.logger.child({ worker: 'invitations' }));
  logger?.setLevel(LogLevel.ERROR);
  const clientFor = clientsByToken({
    slackApiUrl: apiUrl || undefined,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 10_000,
    ...(logger ? { logger } : { logLevel: LogLevel.ERROR }),
  });
  return async (workspace: string, slackUserId: string, message: PasswordLinkMessage): Promise<boolean> => {
    const token = await tokens.botToken(workspace);
    // Not installed in the person's workspace (any more): the link goes by email.
    if (!token) return false;
    try {
      await clientFor(token).chat.postMessage({
        channel: slackUserId,
        ...passwordLinkDirectMessage(message, publicUrl),
      });
      return true;
    } catch (error) {
      const failed = error as { code?: string; retryAfter?: number; data?: { error?: string } };
      if (failed.code === ErrorCode.RateLimitedError) {
        throw new SlackBusyError('chat.postMessage', failed.retryAfter ?? 60);
      }
      if (NO_ONE_TO_MESSAGE.has(failed.data?.error ?? '')) return false;
      throw error;
    }
  };
}

/** A click on the DM's button opens the page in the browser; Slack still expects it acknowledged. */
export function register(app: Listeners): void {
  app.action(PASSWORD_LINK_ACTION, async ({ ack }) => {
    await ack();
  });
}
