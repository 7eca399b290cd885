import type { SocketModeReceiver } from '@slack/bolt';
import { LogLevel, WebClient, WebAPIPlatformError } from '@slack/web-api';
import type { ReadinessCheck } from '../http/readiness.ts';

/** How long one answer of Slack's stands for the next probes (load balancers ask every few seconds). */
const CACHE_MS = 15_000;

/**
 * Whether Slack can be reached and (with one workspace) still takes the bot token: `auth.test`
 * with SLACK_BOT_TOKEN, or — in distribution mode, where each workspace has its own token and one
 * uninstall must not take the app out of service — `api.test`. A good answer stands for 15 s;
 * a bad one is asked again at the next probe.
 */
export function slackReadiness(botToken: string | undefined, apiUrl: string, now = Date.now): ReadinessCheck {
  const client = new WebClient(botToken, {
    slackApiUrl: apiUrl || undefined,
    retryConfig: { retries: 0 },
    timeout: 3_000,
    logLevel: LogLevel.ERROR,
  });
  /** When Slack last said all is well. */
  let lastGood: number | undefined;
  let asking: Promise<string | undefined> | undefined;
  const ask = async (): Promise<string | undefined> => {
    try {
      if (botToken) await client.auth.test();
      else await client.api.test();
      return undefined;
    } catch (error) {
      if (error instanceof WebAPIPlatformError) return `Slack refused the bot token (${error.data.error})`;
      return `Slack could not be reached (${(error as Error).message})`;
    }
  };
  return async () => {
    if (lastGood !== undefined && now() - lastGood < CACHE_MS) return undefined;
    asking ??= ask().finally(() => (asking = undefined));
    const problem = await asking;
    lastGood = problem ? undefined : now();
    return problem;
  };
}

/** Socket Mode: whether the WebSocket to Slack is up (the client says when it connects and drops). */
export function socketReadiness(receiver: SocketModeReceiver): ReadinessCheck {
  let connected = false;
  receiver.client.on('connected', () => (connected = true));
  // 'close' comes at once when the socket drops; 'reconnecting' only after the client's back-off.
  for (const down of ['close', 'disconnected', 'reconnecting', 'disconnecting']) {
    receiver.client.on(down, () => (connected = false));
  }
  return () => (connected ? undefined : 'the Socket Mode connection to Slack is not up');
}
