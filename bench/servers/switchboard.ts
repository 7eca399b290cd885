// Switchboard as `npm start` runs it (settings from the environment), on an ephemeral port.
import { loadConfig } from '../../src/config.ts';
import { startSwitchboard } from '../../src/server.ts';
import { reportCpuOnInterrupt } from './report-cpu.ts';

const switchboard = await startSwitchboard(loadConfig(process.env), { botId: 'BBOT', botUserId: 'UBOT' });
console.log(`ready ${switchboard.port}`);
reportCpuOnInterrupt(() => switchboard.stop());
