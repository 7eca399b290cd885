/**
 * Runs `work` every `intervalMs`, one run at a time, until stopped: the next run is scheduled when
 * the last one ends, so slow runs never pile up; stopping waits only for the run under way. A
 * failed run is logged and the next one tries again.
 */
export class Periodic {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = true;

  constructor(
    private readonly name: string,
    private readonly work: () => Promise<unknown>,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.run();
    }, this.intervalMs);
  }

  private async run(): Promise<void> {
    try {
      await this.work();
    } catch (error) {
      console.error(`${this.name}: run failed`, error);
    }
    this.schedule();
  }
}
