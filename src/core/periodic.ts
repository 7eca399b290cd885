import { newId, RepeatedErrors, type Logger } from './logger.ts';

/** How long stop() waits for a run under way to finish (within the 2 s a stop may take). */
const STOP_GRACE_MS = 1_500;

/**
 * Runs `work` every `intervalMs`, one run at a time, until stopped: the next run is scheduled when
 * the last one ends, so slow runs never pile up. A failed run is logged and the next one tries
 * again. Stopping aborts the run's signal, so work that checks it between items ends at the next
 * one, and waits for the run under way at most `graceMs`: work still in flight after that (a slow
 * mail server) goes on in the background and must leave what it did not finish claimable.
 *
 * Each run gets a logger whose lines carry `worker` (the name) and a `runId`. A failure is logged
 * once and then counted while it repeats (RepeatedErrors: a line a minute with the count, and one
 * when runs work again), so a database outage is not a stack trace every run.
 */
export class Periodic {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = true;
  private abort = new AbortController();
  private readonly logger: Logger;
  private readonly failures: RepeatedErrors;

  constructor(
    private readonly name: string,
    private readonly work: (signal: AbortSignal, logger: Logger) => Promise<unknown>,
    private readonly intervalMs: number,
    logger: Logger,
    private readonly graceMs = STOP_GRACE_MS,
  ) {
    this.logger = logger.child({ worker: name });
    this.failures = new RepeatedErrors(this.logger);
  }

  start(): void {
    this.stopped = false;
    this.abort = new AbortController();
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.abort.abort();
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([this.running, new Promise((resolve) => (grace = setTimeout(resolve, this.graceMs)))]);
    clearTimeout(grace);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.run();
    }, this.intervalMs);
  }

  private async run(): Promise<void> {
    const runId = newId();
    try {
      await this.work(this.abort.signal, this.logger.child({ runId }));
      this.failures.recovered(`${this.name}: runs work again`);
    } catch (error) {
      this.failures.error(error, `${this.name}: run failed`, { runId });
    }
    this.schedule();
  }
}
