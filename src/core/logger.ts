import { randomBytes } from 'node:crypto';
import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';
import pretty from 'pino-pretty';
import { databaseTrouble } from '../db/errors.ts';

/** The app's one logger (pino): JSON lines, or readable lines when stdout is a terminal. */
export type Logger = PinoLogger;
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * Keys whose values never reach the log, at any of the first three levels of a logged object: a
 * belt over the rule that secrets, tokens and what people typed are not logged at all.
 */
const SECRET_KEYS = [
  'token',
  'botToken',
  'appToken',
  'accessToken',
  'password',
  'passwordConfirmation',
  'secret',
  'signingSecret',
  'clientSecret',
  'authorization',
  'cookie',
  'smtpUrl',
  'databaseUrl',
  'connectionString',
];
const REDACT = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

/**
 * A logger at `level`. Lines go to `destination` when given (tests read them); otherwise to stdout,
 * pretty-printed (pino-pretty) when it is a terminal and as JSON lines when it is not (a service
 * manager, a container, a file). Child loggers (`logger.child({ requestId })`) add their fields to
 * every line.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: { paths: REDACT, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: serializeError },
  };
  if (destination) return pino(options, destination);
  if (process.stdout.isTTY) {
    return pino(options, pretty({ sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }));
  }
  return pino(options, pino.destination({ dest: 1, sync: true }));
}

/** A short random id for a request or a background run; people quote it as "ref …". */
export function newId(): string {
  return randomBytes(5).toString('hex');
}

/**
 * How an error (`{ err }`) is logged: in full, with its stack — except that the database being out
 * of reach or busy is logged by its message and code alone: its stack says nothing more, and an
 * outage would otherwise fill the log with them.
 */
function serializeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown;
  if (databaseTrouble(error) && typeof serialized === 'object' && serialized !== null) {
    delete (serialized as { stack?: string }).stack;
  }
  return serialized;
}

/** The last line of an error's message (Prisma puts the call first, the reason last): what makes two failures "the same". */
function gist(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (
    message
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .at(-1) ?? ''
  );
}

/**
 * Logs a background worker's failures without flooding the log: a failure is written when it first
 * happens; the same failure again (same message, same error) within `intervalMs` is only counted,
 * and the count is written when the interval has passed, when a different failure comes, or when
 * the work succeeds again. So a database outage is a few lines a minute, not one per attempt.
 */
export class RepeatedErrors {
  private last: { key: string; message: string; error: string; since: number; repeats: number } | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  error(error: unknown, message: string, fields: Record<string, unknown> = {}): void {
    // Every way of not reaching the database (refused, closed, timed out) is the same outage.
    const key = `${message}\n${databaseTrouble(error) ?? gist(error)}`;
    const at = this.now();
    if (this.last?.key === key) {
      this.last.repeats += 1;
      if (at - this.last.since < this.intervalMs) return;
      this.flush();
      this.last.since = at;
      return;
    }
    this.flush();
    this.logger.error({ ...fields, err: error }, message);
    this.last = { key, message, error: gist(error), since: at, repeats: 0 };
  }

  /** The work succeeded: what was counted is written, and that it works again. */
  recovered(message: string): void {
    if (!this.last) return;
    this.flush();
    this.logger.info(message);
    this.last = undefined;
  }

  private flush(): void {
    if (!this.last?.repeats) return;
    const { message, error, since, repeats } = this.last;
    const seconds = Math.round((this.now() - since) / 1000);
    this.logger.error({ repeats, error }, `${message} (again ${repeats}× in the last ${seconds} s)`);
    this.last.repeats = 0;
  }
}
