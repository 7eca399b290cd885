// `npm run bench`: runs every benchmark and prints its figures and its ratio to its floor.
import { benchAck } from './ack.ts';

await benchAck();
process.exit(0);
