/**
 * Polls `probe` until it returns a truthy value, or fails after `timeoutMs` with the last error.
 * Slack handlers finish after ack(), so tests wait for their effects.
 */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  { timeoutMs = 5_000, intervalMs = 20, what = 'condition' } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`, { cause: lastError });
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
