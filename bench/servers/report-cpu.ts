// On SIGINT, a bench server prints the CPU time it used ("cpu <ms>") and exits, so the bench can
// report CPU per request. `cleanup` runs first.
export function reportCpuOnInterrupt(cleanup: () => Promise<unknown> = async () => {}): void {
  process.on('SIGINT', () => {
    const { user, system } = process.cpuUsage();
    console.log(`cpu ${(user + system) / 1000}`);
    void cleanup().finally(() => process.exit(0));
  });
}
