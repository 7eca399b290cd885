import { ErrorCode, WebClient, type WebAPICallError } from '@slack/web-api';
import type { NoticeData } from '../core/notices.rules.ts';
import { DeliveryError, type Delivery, type NoticeTransport } from '../core/outbox-dispatcher.ts';
import type { Logger } from '../core/logger.ts';
import { boltLogger } from './bolt-logger.ts';
import { renderNotice, type Notice } from './notices.blocks.ts';
import { renderDigest } from './notice-digest.blocks.ts';

// Slack answers these with ok:false when the problem is on its side, not in the request.
const TRANSIENT_PLATFORM_ERRORS = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

/**
 * Posts notices with chat.postMessage — several queued for one channel as one digest message. The client does not retry on its own: the outbox owns
 * retries, so a rate-limited or failing channel never blocks the others.
 */
export class SlackNoticeTransport implements NoticeTransport {
  private readonly client: WebClient;

  /** `logger`: the client's own lines (a call that failed, a rate limit) go there, at its level. */
  constructor(
    token: string,
    slackApiUrl: string,
    { timeoutMs = 10_000, logger }: { timeoutMs?: number; logger?: Logger } = {},
  ) {
    this.client = new WebClient(token, {
      slackApiUrl,
      ...(logger ? { logger: boltLogger(logger.child({ worker: 'outbox' })) } : {}),
      timeout: timeoutMs,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
  }

  async sendDigest(destination: string, notices: NoticeData[]): Promise<{ included: number }> {
    const { included, text, blocks } = renderDigest(notices.map((notice) => renderNotice(notice as Notice)));
    try {
      await this.client.chat.postMessage({ channel: destination, text, blocks: [...blocks] });
    } catch (error) {
      throw toDeliveryError(error as WebAPICallError);
    }
    return { included };
  }

  async send(destination: string, notice: NoticeData, delivery: Delivery = {}): Promise<{ externalId?: string }> {
    // The outbox holds what the use cases wrote: notices of the slices' types (Notice).
    const { text, blocks } = renderNotice(notice as Notice);
    try {
      if (delivery.replaces) {
        await this.client.chat.update({ channel: destination, ts: delivery.replaces, text, blocks: [...blocks] });
        return { externalId: delivery.replaces };
      }
      const posted = await this.client.chat.postMessage({
        channel: destination,
        text,
        blocks: [...blocks],
        thread_ts: delivery.inThreadOf,
      });
      return { externalId: posted.ts };
    } catch (error) {
      throw toDeliveryError(error as WebAPICallError);
    }
  }
}

function toDeliveryError(error: WebAPICallError): DeliveryError {
  switch (error.code) {
    case ErrorCode.RateLimitedError:
      return new DeliveryError('rate limited by Slack', true, error.retryAfter * 1000);
    case ErrorCode.HTTPError:
      return new DeliveryError(`Slack answered HTTP ${error.statusCode}`, error.statusCode >= 500);
    case ErrorCode.PlatformError: {
      const reason = String(error.data.error);
      return new DeliveryError(`Slack said ${reason}`, TRANSIENT_PLATFORM_ERRORS.has(reason));
    }
    default:
      return new DeliveryError(`could not reach Slack: ${error.message}`, true);
  }
}
