import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/client.ts';

export type Database = InstanceType<typeof PrismaClient>;
/** The client inside `db.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<Database['$transaction']>[0]>[0];

/** How long the app's connections may wait, each set on every connection of the pool. */
export interface DatabaseLimits {
  /** A lock wait past this fails (SQLSTATE 55P03), well inside Slack's 3 s for an answer. */
  lockTimeoutMs: number;
  /** A statement past this is cancelled (57014); bulk work lifts it per transaction (allowBulkWork). */
  statementTimeoutMs: number;
  /** Connecting, or waiting for a free connection of the pool, past this fails. */
  connectionTimeoutMs: number;
}

export const DATABASE_LIMITS: DatabaseLimits = {
  lockTimeoutMs: 2_000,
  statementTimeoutMs: 15_000,
  connectionTimeoutMs: 2_000,
};

/**
 * The Prisma client over a node-postgres pool. Errors are `minimal` (no excerpt of the calling
 * code in messages, so none in the log); every connection gets the time limits.
 */
export function createPrismaClient(databaseUrl: string, poolSize = 10, limits: Partial<DatabaseLimits> = {}): Database {
  const { lockTimeoutMs, statementTimeoutMs, connectionTimeoutMs } = { ...DATABASE_LIMITS, ...limits };
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: poolSize,
    lock_timeout: lockTimeoutMs,
    statement_timeout: statementTimeoutMs,
    connectionTimeoutMillis: connectionTimeoutMs,
  });
  const adapter = new PrismaPg(pool, { disposeExternalPool: true, statementNameGenerator: preparedStatementName });
  const db = new PrismaClient({ adapter, errorFormat: 'minimal' });
  pools.set(db, pool);
  return db;
}

const pools = new WeakMap<Database, pg.Pool>();

const PREPARED = /^\/\* prepared: ([a-z-]+) \*\//;

/**
 * A query whose SQL starts with `/* prepared: <name> *\/` is prepared once per connection and then
 * only bound and executed: PostgreSQL parses and plans it once, not on every call. For the few
 * fixed queries every Slack request runs (who is asking); other queries are not named, so their
 * plans follow their parameters and a connection never collects statements.
 */
function preparedStatementName({ sql }: { sql: string }): string {
  // '' is node-postgres's unnamed statement: parsed and planned for this call only.
  return PREPARED.exec(sql)?.[1] ?? '';
}

/**
 * The node-postgres pool under a client made by createPrismaClient: for what Prisma can't do
 * (COPY streams) and for how busy it is (metrics). Its connections have the same limits.
 */
export function poolOf(db: Database): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('This database client was not made by createPrismaClient');
  return pool;
}

/**
 * For bulk work that legitimately runs long (a 100,000-row import in one transaction): lifts the
 * statement limit and lets lock waits run to `lockTimeoutMs`, for this transaction only
 * (`set_config(…, true)` is `SET LOCAL`).
 */
export async function allowBulkWork(tx: Tx, { lockTimeoutMs = 30_000 } = {}): Promise<void> {
  await tx.$queryRaw`SELECT set_config('statement_timeout', '0', true), set_config('lock_timeout', ${String(lockTimeoutMs)}, true)`;
}
