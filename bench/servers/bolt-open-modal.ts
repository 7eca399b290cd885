// A second floor: a bare Bolt app that acks and opens the same "Add user" modal with views.open,
// with no database. The difference to Switchboard is Switchboard's own work.
import type { Server } from 'node:http';
import { App, LogLevel } from '@slack/bolt';
import { reportCpuOnInterrupt } from './report-cpu.ts';
import { addUserModal } from '../../src/slack/blocks/add-user-modal.ts';

const view = addUserModal({
  defaultCompany: { id: '00000000-0000-4000-8000-000000000000', path: 'Bench Telecom' },
  companies: Array.from({ length: 21 }, (_, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, path: `Bench Telecom › Customer ${i}` })),
  totalCompanies: 21,
});
const app = new App({
  signingSecret: process.env.SLACK_SIGNING_SECRET!,
  token: process.env.SLACK_BOT_TOKEN!,
  botId: 'BBOT',
  botUserId: 'UBOT',
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});
app.command('/adduser', async ({ ack, command, client }) => {
  await ack();
  await client.views.open({ trigger_id: command.trigger_id, view });
});
const server = (await app.start(0)) as Server;
const address = server.address();
console.log(`ready ${typeof address === 'object' && address ? address.port : ''}`);
reportCpuOnInterrupt(() => app.stop());
