import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RepeatedErrors } from '../../src/core/logger.ts';
import { captureLog, LEVEL } from '../support/log-lines.ts';

const root = path.resolve(import.meta.dirname, '../..');

/** Runs a few lines with the app's logger in a process of its own; returns what it printed. */
function printed(code: string, { tty = false } = {}): string {
  const script = `import { createLogger } from './src/core/logger.ts'; ${code}`;
  const node = [process.execPath, '--import', 'tsx', '--input-type=module', '-e', script];
  if (!tty) return execFileSync(node[0]!, node.slice(1), { cwd: root, encoding: 'utf8' });
  // script(1) gives the process a terminal for stdout, as a person's shell would.
  const quoted = node.map((part) => `'${part.replaceAll("'", `'\\''`)}'`).join(' ');
  return execFileSync('script', ['-qec', quoted, '/dev/null'], { cwd: root, encoding: 'utf8' });
}

describe('createLogger', () => {
  it('writes only lines at its level and above, with the fields of its children', () => {
    const log = captureLog('info');
    log.logger.debug('not written');
    log.logger.child({ requestId: 'abc' }).warn('written');
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatchObject({ level: LEVEL.warn, msg: 'written', requestId: 'abc' });
  });

  it('never writes a token, password or secret, however deep in the object', () => {
    const log = captureLog();
    log.logger.info(
      {
        token: 'xoxb-1',
        password: 'hunter2',
        config: { slack: { botToken: 'xoxb-2', signingSecret: 's3cret' }, databaseUrl: 'postgresql://u:pw@h/d' },
        headers: { authorization: 'Bearer xoxb-3' },
      },
      'settings',
    );
    expect(log.text()).not.toMatch(/xoxb-|hunter2|s3cret|pw@/);
    expect(log.lines[0]!.config.slack.botToken).toBe('[redacted]');
  });

  it('prints JSON lines when stdout is not a terminal', () => {
    const out = printed(`createLogger('info').info({ requestId: 'r1' }, 'hello');`);
    expect(JSON.parse(out.trim())).toMatchObject({ level: LEVEL.info, msg: 'hello', requestId: 'r1' });
  });

  it('prints readable lines when stdout is a terminal', () => {
    const colored = printed(`createLogger('info').info({ requestId: 'r1' }, 'hello');`, { tty: true });
    const out = colored.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');
    expect(out).toMatch(/INFO.*hello/);
    expect(out).toContain('requestId: "r1"');
    expect(out.trim().startsWith('{')).toBe(false);
  });
});

describe('errors in the log', () => {
  it('an unexpected error is logged with its stack', () => {
    const log = captureLog();
    log.logger.error({ err: new Error('boom') }, 'failed');
    expect(log.lines[0]!.err).toMatchObject({ type: 'Error', message: 'boom' });
    expect(log.lines[0]!.err.stack).toContain('at ');
  });

  it('an unreachable database is logged by its message and code alone, without a stack', () => {
    const log = captureLog();
    // As Prisma reports it through @prisma/adapter-pg.
    const error = Object.assign(new Error("\nInvalid call:\n\nCan't reach database server at 127.0.0.1:1"), {
      code: 'P1001',
      meta: { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } },
    });
    log.logger.error({ err: error }, 'failed');
    expect(log.lines[0]!.err).toMatchObject({ type: 'Error', code: 'P1001' });
    expect(log.lines[0]!.err.message).toContain("Can't reach database server");
    expect(log.lines[0]!.err.stack).toBeUndefined();
  });
});

describe('RepeatedErrors', () => {
  function setup() {
    const log = captureLog();
    let now = 0;
    const errors = new RepeatedErrors(log.logger, 60_000, () => now);
    return { log, errors, advance: (ms: number) => (now += ms) };
  }

  it('writes a failure once, counts it while it repeats, and writes the count once a minute', () => {
    const { log, errors, advance } = setup();
    for (let attempt = 0; attempt < 30; attempt += 1) {
      errors.error(new Error('connection refused'), 'timers: run failed');
      advance(1_000);
    }
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatchObject({
      level: LEVEL.error,
      msg: 'timers: run failed',
      err: { message: 'connection refused' },
    });
    expect(log.lines[0]!.err.stack).toBeDefined();
    for (let attempt = 0; attempt < 31; attempt += 1) {
      errors.error(new Error('connection refused'), 'timers: run failed');
      advance(1_000);
    }
    expect(log.lines).toHaveLength(2);
    expect(log.lines[1]).toMatchObject({ repeats: 60, error: 'connection refused' });
    expect(log.lines[1]!.msg).toBe('timers: run failed (again 60× in the last 60 s)');
    expect(log.lines[1]!.err).toBeUndefined();
  });

  it('writes the count of the last failure when another one comes, then the new one', () => {
    const { log, errors } = setup();
    errors.error(new Error('a'), 'run failed');
    errors.error(new Error('a'), 'run failed');
    errors.error(new Error('b'), 'run failed');
    expect(log.lines.map((line) => [line.msg, line.err?.message ?? line.error])).toEqual([
      ['run failed', 'a'],
      ['run failed (again 1× in the last 0 s)', 'a'],
      ['run failed', 'b'],
    ]);
  });

  it('counts every way of not reaching the database as the same outage', () => {
    const { log, errors } = setup();
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const closed = Object.assign(new Error('Server has closed the connection.'), { code: 'P1017' });
    errors.error(closed, 'run failed');
    errors.error(refused, 'run failed');
    errors.error(refused, 'run failed');
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]!.err.stack).toBeUndefined();
  });

  it('says when the work succeeds again, once', () => {
    const { log, errors } = setup();
    errors.recovered('works again');
    expect(log.lines).toHaveLength(0);
    errors.error(new Error('a'), 'run failed');
    errors.error(new Error('a'), 'run failed');
    errors.recovered('works again');
    errors.recovered('works again');
    expect(log.lines.map((line) => line.msg)).toEqual([
      'run failed',
      'run failed (again 1× in the last 0 s)',
      'works again',
    ]);
    // A failure after the recovery is new again.
    errors.error(new Error('a'), 'run failed');
    expect(log.lines).toHaveLength(4);
  });
});
