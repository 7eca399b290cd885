// `npm run bench`: runs every benchmark (or those named: `npm run bench -- directory`) and prints
// its figures and its ratio to its floor.
import { benchAck } from './ack.ts';
import { benchBurst } from './burst.ts';
import { benchDirectory } from './directory.ts';
import { benchImport } from './import.ts';
import { benchStart } from './start.ts';

const benches: Record<string, () => Promise<void>> = {
  ack: benchAck,
  burst: benchBurst,
  directory: benchDirectory,
  import: benchImport,
  start: benchStart,
};
const chosen = process.argv.slice(2);
for (const [name, bench] of Object.entries(benches)) {
  if (!chosen.length || chosen.includes(name)) await bench();
}
process.exit(0);
