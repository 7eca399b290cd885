import { describe, expect, it } from 'vitest';
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
