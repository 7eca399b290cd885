// The floor: a Bolt app with Bolt's HTTP receiver whose only listener acks the command.
import type { Server } from 'node:http';
import { App, LogLevel } from '@slack/bolt';
import { reportCpuOnInterrupt } from './report-cpu.ts';

const app = new App({
  signingSecret: process.env.SLACK_SIGNING_SECRET!,
  token: process.env.SLACK_BOT_TOKEN!,
  botId: 'BBOT',
  botUserId: 'UBOT',
  logLevel: LogLevel.ERROR,
});
app.command('/adduser', async ({ ack }) => {
  await ack();
});
const server = (await app.start(0)) as Server;
const address = server.address();
console.log(`ready ${typeof address === 'object' && address ? address.port : ''}`);
reportCpuOnInterrupt(() => app.stop());
