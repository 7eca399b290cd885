import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Periodic } from '../../src/core/periodic.ts';
import { captureLog, LEVEL } from '../support/log-lines.ts';
import { waitFor } from '../support/wait.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const log = captureLog('info');

describe('Periodic', () => {
  beforeEach(() => {
    log.lines.length = 0;
  });

  it('starts no run while one is under way, however short the interval: runs never pile up', async () => {
    let started = 0;
    let release!: () => void;
    const runner = new Periodic(
      'test',
      () => {
        started += 1;
        return new Promise<void>((resolve) => (release = resolve));
      },
      5,
      log.logger,
    );
    runner.start();
    await waitFor(() => started === 1);
    await pause(100); // twenty intervals pass while the first run is still under way
    expect(started).toBe(1);
    release();
    await waitFor(() => started === 2);
    const stopping = runner.stop();
    release();
    await stopping;
    await pause(50);
    expect(started).toBe(2);
  });

  it('stop waits for the run under way, and nothing runs after it', async () => {
    let finished = false;
    let runs = 0;
    const runner = new Periodic(
      'test',
      async () => {
        runs += 1;
        await pause(50);
        finished = true;
      },
      1,
      log.logger,
    );
    runner.start();
    await waitFor(() => runs === 1);
    await runner.stop();
    expect(finished).toBe(true);
    const after = runs;
    await pause(30);
    expect(runs).toBe(after);
  });

  it('stop() during a run that would take 10 s: the run is told (its signal aborts) and stop resolves before the work would have ended', async () => {
    let sawAbort = false;
    let naturalEnd = false;
    let runs = 0;
    const runner = new Periodic(
      'test',
      (signal) =>
        new Promise<void>((resolve) => {
          runs += 1;
          // Ten seconds of work, one item after another, checking the signal between items.
          const work = setTimeout(() => {
            naturalEnd = true;
            resolve();
          }, 10_000);
          signal.addEventListener('abort', () => {
            sawAbort = true;
            clearTimeout(work);
            resolve();
          });
        }),
      1,
      log.logger,
    );
    runner.start();
    await waitFor(() => runs === 1);
    await runner.stop();
    expect({ sawAbort, naturalEnd, runs }).toEqual({ sawAbort: true, naturalEnd: false, runs: 1 });
  });

  it('stop() waits at most its grace for work that ignores the signal, and starts nothing after', async () => {
    vi.useFakeTimers();
    try {
      let finished = false;
      let runs = 0;
      let signalled: AbortSignal | undefined;
      const runner = new Periodic(
        'test',
        async (signal) => {
          runs += 1;
          signalled = signal;
          await new Promise((resolve) => setTimeout(resolve, 10_000)); // a mail server that never hurries
          finished = true;
        },
        100,
        log.logger,
        1_500,
      );
      runner.start();
      await vi.advanceTimersByTimeAsync(100);
      expect(runs).toBe(1);
      let stopped = false;
      const stopping = runner.stop().then(() => (stopped = true));
      expect(signalled!.aborted).toBe(true);
      await vi.advanceTimersByTimeAsync(1_499);
      expect(stopped).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await stopping;
      expect({ stopped, finished }).toEqual({ stopped: true, finished: false });
      await vi.advanceTimersByTimeAsync(20_000); // the work ends in the background; no run follows
      expect({ finished, runs }).toEqual({ finished: true, runs: 1 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('logs a failure once, with the run’s id, counts it while it repeats, and says when runs work again', async () => {
    let runs = 0;
    let failing = true;
    const runner = new Periodic(
      'flaky',
      async () => {
        runs += 1;
        if (failing) throw new Error('boom');
      },
      1,
      log.logger,
    );
    runner.start();
    try {
      await waitFor(() => runs >= 30); // thirty failed runs
      failing = false;
      await waitFor(() => log.lines.some((line) => line.msg === 'flaky: runs work again'));
    } finally {
      await runner.stop();
    }
    const [failed, ...rest] = log.lines.filter((line) => line.level >= LEVEL.warn);
    expect(failed).toMatchObject({
      level: LEVEL.error,
      worker: 'flaky',
      msg: 'flaky: run failed',
      err: { message: 'boom' },
    });
    expect(failed!.runId).toMatch(/^[0-9a-f]{10}$/);
    // The repeats are one line with their count, written when runs work again.
    expect(rest).toEqual([
      expect.objectContaining({ msg: expect.stringMatching(/^flaky: run failed \(again \d+× in the last \d+ s\)$/) }),
    ]);
    expect(rest[0]!.repeats).toBeGreaterThanOrEqual(29);
  });

  it('gives each run a logger of its own, carrying the worker and the run’s id', async () => {
    let runs = 0;
    const runner = new Periodic(
      'courier',
      async (_signal, logger) => {
        runs += 1;
        logger.info('working');
      },
      1,
      log.logger,
    );
    runner.start();
    await waitFor(() => runs >= 2);
    await runner.stop();
    const working = log.lines.filter((line) => line.msg === 'working');
    expect(working[0]).toMatchObject({ worker: 'courier', runId: expect.stringMatching(/^[0-9a-f]{10}$/) });
    expect(working[1]!.runId).not.toBe(working[0]!.runId);
  });
});
