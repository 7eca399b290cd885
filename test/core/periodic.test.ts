import { describe, expect, it, vi } from 'vitest';
import { Periodic } from '../../src/core/periodic.ts';
import { waitFor } from '../support/wait.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Periodic', () => {
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

  it('logs a failed run and runs again', async () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    let runs = 0;
    const runner = new Periodic(
      'flaky',
      async () => {
        runs += 1;
        if (runs === 1) throw new Error('boom');
      },
      1,
    );
    try {
      runner.start();
      await waitFor(() => runs >= 2);
      await runner.stop();
    } finally {
      console.error = original;
    }
    expect(String((errors[0] as unknown[])[0])).toBe('flaky: run failed');
  });
});
