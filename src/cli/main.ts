import { loadDotEnv } from '../load-env.ts';
import { runCli } from './index.ts';

loadDotEnv();
const code = await runCli(process.argv.slice(2));
// The wasm migration engine leaves a 10-second timer behind after it is freed; don't wait for it.
process.exit(code);
