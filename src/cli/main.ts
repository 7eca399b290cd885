import { loadDotEnv } from '../load-env.ts';
import { runCli } from './index.ts';

loadDotEnv();
process.exitCode = await runCli(process.argv.slice(2));
