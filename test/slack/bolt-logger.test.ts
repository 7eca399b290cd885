import { LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { boltLogger } from '../../src/slack/bolt-logger.ts';
import { captureLog, LEVEL } from '../support/log-lines.ts';

describe('boltLogger', () => {
  it('writes Bolt’s lines into the app’s log at LOG_LEVEL, marked as Bolt’s', () => {
    const log = captureLog('warn');
    const bolt = boltLogger(log.logger);
    expect(bolt.getLevel()).toBe(LogLevel.WARN);
    bolt.debug('not written');
    bolt.info('not written either');
    bolt.warn('Request body exceeded the maximum allowed size (limit: %d bytes)', 10);
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatchObject({
      level: LEVEL.warn,
      component: 'bolt',
      msg: 'Request body exceeded the maximum allowed size (limit: 10 bytes)',
    });
  });

  it('logs an Error among the arguments as the error, with its stack', () => {
    const log = captureLog('info');
    const bolt = boltLogger(log.logger);
    bolt.error('Slack API error: channel_not_found', new Error('An API error occurred: channel_not_found'));
    bolt.error(new Error('only an error'));
    expect(log.lines[0]).toMatchObject({
      msg: 'Slack API error: channel_not_found',
      err: { message: 'An API error occurred: channel_not_found' },
    });
    expect(log.lines[0]!.err.stack).toContain('at ');
    expect(log.lines[1]).toMatchObject({ msg: 'only an error', err: { message: 'only an error' } });
  });

  it('takes the level and name Bolt sets', () => {
    const log = captureLog('error');
    const bolt = boltLogger(log.logger);
    bolt.setLevel(LogLevel.DEBUG);
    bolt.setName('bolt-app');
    bolt.debug('now written');
    expect(bolt.getLevel()).toBe(LogLevel.DEBUG);
    expect(log.lines[0]).toMatchObject({ level: LEVEL.debug, component: 'bolt-app', msg: 'now written' });
  });
});
