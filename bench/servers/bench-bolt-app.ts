import type { Server } from 'node:http';
import { App, LogLevel } from '@slack/bolt';

/** A bare Bolt app (HTTP receiver, settings from the bench) with one /adduser listener. */
export async function serveBareBolt(listener: Parameters<App['command']>[1]): Promise<void> {
  const app = new App({
    signingSecret: process.env.SLACK_SIGNING_SECRET!,
    token: process.env.SLACK_BOT_TOKEN!,
    botId: 'BBOT',
    botUserId: 'UBOT',
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  });
  app.command('/adduser', listener);
  const server = (await app.start(0)) as Server;
  const address = server.address();
  console.log(`ready ${typeof address === 'object' && address ? address.port : ''}`);
  process.on('SIGINT', () => void app.stop().finally(() => process.exit(0)));
}
