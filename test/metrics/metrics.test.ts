import { afterAll, beforeAll, expect, it } from 'vitest';
import { addUserValues, validAda } from '../support/add-user-form.ts';
import { seedOrganization, seedUser, slackPersonOf, STRANGER } from '../support/fixtures.ts';
import { NOTIFY_CHANNEL, startTestApp, type TestApp } from '../support/harness.ts';
import { waitFor } from '../support/wait.ts';

const TOKEN = 'scrape-token-0123456789';

let t: TestApp;
let admin: Awaited<ReturnType<typeof seedUser>>;

beforeAll(async () => {
  t = await startTestApp({ metrics: { token: TOKEN } });
  const acme = await seedOrganization(t.db, 'Acme');
  admin = await seedUser(t.db, acme.id, { admin: true });
  // Real requests: a command answered, one refused (a stranger), a user added (a notice sent).
  await t.command(slackPersonOf(admin), '/users', '');
  await t.command(STRANGER, '/users', '');
  await t.submitView(slackPersonOf(admin), { callbackId: 'add_user', values: addUserValues(validAda(acme.id)) });
  await waitFor(() => t.slack.messagesIn(NOTIFY_CHANNEL).length);
});
afterAll(() => t.stop());

async function scrape(token = TOKEN) {
  const response = await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

/** A series' value, by its name and labels as Prometheus writes them. */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

it('counts Slack requests by kind, name and outcome, with their latency', async () => {
  const { status, type, text } = await scrape();
  expect(status).toBe(200);
  expect(type).toContain('text/plain');
  expect(value(text, 'switchboard_slack_requests_total{kind="command",name="/users",outcome="ok"}')).toBe(1);
  expect(value(text, 'switchboard_slack_requests_total{kind="command",name="/users",outcome="refused"}')).toBe(1);
  expect(value(text, 'switchboard_slack_requests_total{kind="view_submission",name="add_user",outcome="ok"}')).toBe(1);
  expect(value(text, 'switchboard_slack_request_duration_seconds_count{kind="command",name="/users"}')).toBe(2);
});

it('reads the notice backlog, invitations, timers and the connection pool at each scrape', async () => {
  await waitFor(async () => value((await scrape()).text, 'switchboard_notices{status="pending"}') === 0);
  const { text } = await scrape();
  expect(value(text, 'switchboard_notices{status="sent"}')).toBeGreaterThanOrEqual(1);
  expect(value(text, 'switchboard_notices{status="failed"}')).toBe(0);
  expect(value(text, 'switchboard_notice_oldest_queued_seconds')).toBe(0);
  expect(value(text, 'switchboard_invitations{state="pending"}')).toBe(0);
  expect(value(text, 'switchboard_timers_due')).toBe(0);
  expect(value(text, 'switchboard_db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);
  expect(value(text, 'switchboard_db_pool_max')).toBe(10);
  expect(value(text, 'switchboard_process_resident_memory_bytes')).toBeGreaterThan(0);
});

it('a notice that cannot be sent shows as queued, with its age', async () => {
  t.slack.failNext('chat.postMessage', { kind: 'serverError' });
  await t.submitView(slackPersonOf(admin), {
    callbackId: 'add_user',
    values: addUserValues({ ...validAda(admin.organizationId), email: 'grace@example.com' }),
  });
  const queued = await waitFor(async () => {
    const { text } = await scrape();
    return (value(text, 'switchboard_notices{status="pending"}') ?? 0) > 0 ? text : undefined;
  });
  expect(value(queued, 'switchboard_notice_oldest_queued_seconds')).toBeGreaterThan(0);
});

it('refuses a scrape without the token, and with a wrong one', async () => {
  expect((await fetch(`${t.baseUrl}/metrics`)).status).toBe(401);
  expect((await scrape('scrape-token-0123456780')).status).toBe(401);
  // The token itself, without the Bearer scheme, is not a credential either.
  const bare = await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: TOKEN } });
  expect(bare.status).toBe(401);
});
