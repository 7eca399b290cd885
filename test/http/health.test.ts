import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminQuery } from '../support/database.ts';
import { startTestApp, type TestApp } from '../support/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

it('answers 200 while the database is reachable', async () => {
  const response = await fetch(`${t.baseUrl}/healthz`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ status: 'ok', database: 'ok' });
});

it('answers 503 when the database is not', async () => {
  // Cut the app's connections and forbid new ones, as a database outage would.
  const name = t.database.name;
  await adminQuery(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
  await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);
  try {
    const response = await fetch(`${t.baseUrl}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'unavailable', database: 'unreachable' });
  } finally {
    await adminQuery(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
  }
});

it('serves no /metrics unless METRICS=on or a METRICS_TOKEN is set', async () => {
  expect((await fetch(`${t.baseUrl}/metrics`)).status).toBe(404);
});
