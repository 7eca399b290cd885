import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminQuery } from '../support/database.ts';
import { startTestApp, type TestApp } from '../support/harness.ts';

// /readyz tells a load balancer whether to send traffic: the database answers and Slack takes the
// bot token. A good Slack answer stands for 15 s, so the failures come first.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

async function readiness(): Promise<[number, Record<string, string>]> {
  const response = await fetch(`${t.baseUrl}/readyz`);
  return [response.status, (await response.json()) as Record<string, string>];
}

it('is not ready when Slack no longer takes the bot token, and says so', async () => {
  t.slack.failNext('auth.test', { kind: 'platformError', error: 'token_revoked' });
  expect(await readiness()).toEqual([
    503,
    { status: 'not ready', database: 'ok', slack: 'Slack refused the bot token (token_revoked)' },
  ]);
});

it('is not ready when Slack cannot be reached', async () => {
  t.slack.failNext('auth.test', { kind: 'disconnect' });
  const [status, body] = await readiness();
  expect(status).toBe(503);
  expect(body.slack).toMatch(/^Slack could not be reached/);
});

it('is ready when the database answers and Slack takes the token', async () => {
  expect(await readiness()).toEqual([200, { status: 'ready', database: 'ok', slack: 'ok' }]);
});

it('is not ready when the database does not answer (while /healthz says the same)', async () => {
  const name = t.database.name;
  await adminQuery(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
  await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);
  try {
    expect(await readiness()).toEqual([
      503,
      { status: 'not ready', database: 'the database does not answer', slack: 'ok' },
    ]);
  } finally {
    await adminQuery(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
  }
});
