// The floor: a Bolt app with Bolt's HTTP receiver whose only listener acks the command.
import { serveBareBolt } from './bench-bolt-app.ts';

await serveBareBolt(async ({ ack }) => {
  await ack();
});
