/**
 * Runs `work` every `intervalMs`, one run at a time, until stopped; stopping waits for the run
 * under way. A failed run is logged and the next one tries again.
 */
export class Periodic {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly name: string,
    private readonly work: () => Promise<unknown>,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running = this.running.then(() =>
        this.work().catch((error) => console.error(`${this.name}: run failed`, error)),
      );
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
