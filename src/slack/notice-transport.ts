import { ErrorCode, type WebClient, type WebAPICallError } from '@slack/web-api';
import type { NoticeData } from '../core/notices.rules.ts';
import type { Destination } from '../core/outbox.rules.ts';
import { DeliveryError, NoTokenError, type Delivery, type NoticeTransport } from '../core/outbox-dispatcher.ts';
import type { Logger } from '../core/logger.ts';
import { boltLogger } from './bolt-logger.ts';
import { clientsByToken } from './clients-by-token.ts';
import { renderNotice, type Notice } from './notices.blocks.ts';
import { renderDigest } from './notice-digest.blocks.ts';
import type { WorkspaceTokens } from './workspace-tokens.ts';

// Slack answers these with ok:false when the problem is on its side, not in the request.
const TRANSIENT_PLATFORM_ERRORS = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

// Slack answers these when the token no longer speaks for the workspace (uninstalled, revoked,
// expired, the bot deactivated): the workspace's notices wait for it to be installed again.
const TOKEN_GONE_ERRORS = new Set(['invalid_auth', 'token_revoked', 'account_inactive', 'token_expired', 'not_authed']);

/**
 * Posts notices with chat.postMessage, each with the bot token of its workspace — several queued
 * for one channel as one digest message. The clients do not retry on their own: the outbox owns
 * retries, so a rate-limited or failing channel never blocks the others.
 */
export class SlackNoticeTransport implements NoticeTransport {
  /** A client per token (tokens rotate; each workspace has its own). */
  private readonly clients: (token: string) => WebClient;

  /** `logger`: the clients' own lines (a call that failed, a rate limit) go there, at its level. */
  constructor(
    private readonly tokens: WorkspaceTokens,
    slackApiUrl: string,
    { timeoutMs = 10_000, logger }: { timeoutMs?: number; logger?: Logger } = {},
  ) {
    this.clients = clientsByToken({
      slackApiUrl,
      ...(logger ? { logger: boltLogger(logger.child({ worker: 'outbox' })) } : {}),
      timeout: timeoutMs,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
  }

  async hasToken(workspace: string): Promise<boolean> {
    return (await this.tokens.botToken(workspace)) !== undefined;
  }

  async sendDigest(to: Destination, notices: NoticeData[]): Promise<{ included: number }> {
    const client = await this.clientFor(to.workspace);
    const { included, text, blocks } = renderDigest(notices.map((notice) => renderNotice(notice as Notice)));
    try {
      await client.chat.postMessage({ channel: to.channel, text, blocks: [...blocks] });
    } catch (error) {
      throw toDeliveryError(to.workspace, error as WebAPICallError);
    }
    return { included };
  }

  async send(to: Destination, notice: NoticeData, delivery: Delivery = {}): Promise<{ externalId?: string }> {
    const client = await this.clientFor(to.workspace);
    // The outbox holds what the use cases wrote: notices of the slices' types (Notice).
    const { text, blocks } = renderNotice(notice as Notice);
    try {
      if (delivery.replaces) {
        await client.chat.update({ channel: to.channel, ts: delivery.replaces, text, blocks: [...blocks] });
        return { externalId: delivery.replaces };
      }
      const posted = await client.chat.postMessage({
        channel: to.channel,
        text,
        blocks: [...blocks],
        thread_ts: delivery.inThreadOf,
      });
      return { externalId: posted.ts };
    } catch (error) {
      throw toDeliveryError(to.workspace, error as WebAPICallError);
    }
  }

  /** The client for the workspace's token now (rotated tokens get a new one). */
  private async clientFor(workspace: string): Promise<WebClient> {
    let token: string | undefined;
    try {
      token = await this.tokens.botToken(workspace);
    } catch (error) {
      // Finding or rotating the token failed (the database, Slack's oauth.v2.access): try again later.
      throw new DeliveryError(`could not get the workspace's token: ${(error as Error).message}`, true);
    }
    if (token === undefined) throw new NoTokenError(workspace, 'the app is not installed in the workspace');
    return this.clients(token);
  }
}

function toDeliveryError(workspace: string, error: WebAPICallError): DeliveryError {
  switch (error.code) {
    case ErrorCode.RateLimitedError:
      return new DeliveryError('rate limited by Slack', true, error.retryAfter * 1000);
    case ErrorCode.HTTPError:
      return new DeliveryError(`Slack answered HTTP ${error.statusCode}`, error.statusCode >= 500);
    case ErrorCode.PlatformError: {
      const reason = String(error.data.error);
      if (TOKEN_GONE_ERRORS.has(reason)) return new NoTokenError(workspace, `Slack said ${reason}`, true);
      return new DeliveryError(`Slack said ${reason}`, TRANSIENT_PLATFORM_ERRORS.has(reason));
    }
    default:
      return new DeliveryError(`could not reach Slack: ${error.message}`, true);
  }
}
