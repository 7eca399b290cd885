import { format } from 'node:util';
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../core/logger.ts';
import { currentRequest } from './request-context.ts';

/**
 * Bolt's Logger interface over the app's logger, for App's and the receiver's `logger` option (and
 * so the Web API client's, which shares App's): Bolt's and the client's lines land in the same log
 * as ours, at LOG_LEVEL, with `component: "bolt"` — and with the request's id while a request is
 * being answered. An Error among a call's arguments is logged as pino's `err`, the rest as the
 * message.
 */
export function boltLogger(logger: Logger): BoltLogger {
  let own = logger.child({ component: 'bolt' });
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...parts: unknown[]): void => {
      if (!own.isLevelEnabled(level)) return;
      const request = currentRequest();
      const target = request ? own.child({ requestId: request.requestId }) : own;
      const error = parts.find((part) => part instanceof Error);
      const message = format(...parts.filter((part) => part !== error)) || (error as Error | undefined)?.message;
      if (error) target[level]({ err: error }, message);
      else target[level](message);
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel(level: LogLevel) {
      own.level = level;
    },
    getLevel(): LogLevel {
      return (Object.values(LogLevel) as string[]).includes(own.level) ? (own.level as LogLevel) : LogLevel.ERROR;
    },
    setName(name: string) {
      const level = own.level;
      own = logger.child({ component: name });
      own.level = level;
    },
  };
}
