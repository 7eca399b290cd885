import type { DestinationStream } from 'pino';
import { createLogger, type Logger, type LogLevel } from '../../src/core/logger.ts';

/** A logged line, as pino wrote it (JSON). */
export type LogLine = Record<string, any> & { level: number; msg: string };

/** A logger whose lines are kept for the test to read: `lines`, and `text` (all of them as JSON). */
export function captureLog(level: LogLevel = 'debug'): { logger: Logger; lines: LogLine[]; text(): string } {
  const lines: LogLine[] = [];
  const destination: DestinationStream = {
    write(line: string) {
      lines.push(JSON.parse(line) as LogLine);
    },
  };
  return {
    logger: createLogger(level, destination),
    lines,
    text: () => lines.map((line) => JSON.stringify(line)).join('\n'),
  };
}

/** pino's numbers for the levels. */
export const LEVEL = { debug: 20, info: 30, warn: 40, error: 50 } as const;
