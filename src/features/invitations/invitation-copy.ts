import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { poolOf, type Database, type Tx } from '../../db/client.ts';

/** pg sets it from the server's BackendKeyData; @types/pg does not declare it. */
const backendPidOf = (client: pg.PoolClient) => (client as pg.PoolClient & { processID?: number | null }).processID;

/**
 * Runs `work` in a Prisma interactive transaction and hands it, beside the transaction, the very
 * `pg` connection that transaction holds, for what Prisma can't do (`COPY … FROM STDIN`). So the
 * COPY and every Prisma statement of `work` (authorization, row locks, audit, notices) are one
 * BEGIN … COMMIT on one connection, all or nothing.
 *
 * How the connection is found: Prisma's pg adapter checks a client out of the app's pool
 * (`poolOf(db)`) to begin the transaction; we watch the pool's checkouts meanwhile and pick the one
 * whose backend process is the transaction's (`pg_backend_pid()`). Use the connection only while
 * no Prisma statement of the transaction is running (await each), and never release it: Prisma
 * commits or rolls back and returns it to the pool.
 */
export async function transactionWithConnection<T>(
  db: Database,
  work: (tx: Tx, connection: pg.PoolClient) => Promise<T>,
  options: { timeout: number; maxWait: number },
): Promise<T> {
  const pool = poolOf(db);
  const checkedOut = new Set<pg.PoolClient>();
  const watch = (client: pg.PoolClient) => checkedOut.add(client);
  pool.on('acquire', watch);
  const stopWatching = () => {
    pool.removeListener('acquire', watch);
    checkedOut.clear();
  };
  try {
    return await db.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
      const connection = [...checkedOut].find((client) => backendPidOf(client) === row!.pid);
      stopWatching();
      if (!connection) throw new Error("The import could not find its transaction's database connection.");
      return work(tx, connection);
    }, options);
  } finally {
    stopWatching();
  }
}

/**
 * `COPY <into> FROM STDIN` (text format) on the connection, from chunks of encoded lines, with
 * back-pressure. A failure of the source (e.g. a file refused part-way) aborts the COPY (CopyFail)
 * and is thrown once the server has answered, so the connection is ready for the rollback.
 */
export async function copyFromChunks(
  connection: pg.PoolClient,
  into: string,
  chunks: AsyncIterable<Buffer>,
): Promise<void> {
  await pipeline(Readable.from(chunks, { objectMode: false }), connection.query(copyFrom(`COPY ${into} FROM STDIN`)));
}

/** A value for COPY's text format: backslash, tab, newline and carriage return escaped. */
export function copyText(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (char) => ESCAPES[char]!);
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
