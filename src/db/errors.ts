/**
 * The database failures a person is told about in words rather than "something went wrong":
 * - `busy`: a lock wait or a statement ran out of time (the pool's `lock_timeout` and
 *   `statement_timeout`: SQLSTATE 55P03, 57014), the server has no connection left (53300), or no
 *   connection of the pool came free in time — trying again in a moment helps;
 * - `unreachable`: the server can't be reached, refused or dropped the connection, or is shutting
 *   down — trying again in a minute may help.
 */
export type DatabaseTrouble = 'busy' | 'unreachable';

// Prisma, through @prisma/adapter-pg, keeps the driver's error as `meta.driverAdapterError.cause`
// ({ kind, code, originalCode }); an error from connecting may come through as the driver's own
// (`code` ECONNREFUSED, ENOENT for a missing Unix socket) or as node-postgres's plain Error.
const BUSY_SQLSTATES = new Set(['55P03', '57014', '53300']);
/** Class 08 (connection exception), admin/crash shutdown, "the database system is starting up". */
const UNREACHABLE_SQLSTATE = /^(08...|57P0[123])$/;
const UNREACHABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout']);
const BUSY_KINDS = new Set(['TooManyConnections']);
/** Prisma's own codes: can't reach, timed out, server closed the connection; no pool connection in time. */
const UNREACHABLE_PRISMA = new Set(['P1001', 'P1002', 'P1017']);
const BUSY_PRISMA = new Set(['P2024']);
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOENT',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EPIPE',
]);

type Layer = Record<string, unknown>;

/** The error and what it wraps: Prisma's driver error, `cause`, Bolt's `original`. */
function* layers(error: unknown, depth = 0): Generator<Layer> {
  if (depth > 6 || typeof error !== 'object' || error === null) return;
  const layer = error as Layer;
  yield layer;
  yield* layers((layer.meta as Layer | undefined)?.driverAdapterError, depth + 1);
  yield* layers(layer.cause, depth + 1);
  yield* layers(layer.original, depth + 1);
}

function troubleOf(layer: Layer): DatabaseTrouble | undefined {
  const text = (name: string) => (typeof layer[name] === 'string' ? (layer[name] as string) : undefined);
  const code = text('code');
  // A SQLSTATE: the adapter's originalCode, or the code of a PostgreSQL error (it has a severity).
  const sqlstate = text('originalCode') ?? (text('severity') || text('kind') === 'postgres' ? code : undefined);
  if (sqlstate && BUSY_SQLSTATES.has(sqlstate)) return 'busy';
  if (sqlstate && UNREACHABLE_SQLSTATE.test(sqlstate)) return 'unreachable';
  const kind = text('kind');
  if (kind && BUSY_KINDS.has(kind)) return 'busy';
  if (kind && UNREACHABLE_KINDS.has(kind)) return 'unreachable';
  if (code && BUSY_PRISMA.has(code)) return 'busy';
  if (code && (UNREACHABLE_PRISMA.has(code) || SOCKET_CODES.has(code))) return 'unreachable';
  const message = layer instanceof Error ? layer.message : undefined;
  if (message === 'timeout exceeded when trying to connect') return 'busy';
  // node-postgres: a connection that broke, or a client used after its connection broke.
  if (message?.startsWith('Connection terminated') || message?.endsWith('is not queryable')) return 'unreachable';
  return undefined;
}

/** Whether `error` is the database being busy or out of reach (see DatabaseTrouble), else undefined. */
export function databaseTrouble(error: unknown): DatabaseTrouble | undefined {
  for (const layer of layers(error)) {
    const trouble = troubleOf(layer);
    if (trouble) return trouble;
  }
  return undefined;
}
