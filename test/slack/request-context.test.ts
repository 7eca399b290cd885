import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrganization, seedUser, slackPersonOf } from '../support/fixtures.ts';
import { startTestApp, type TestApp } from '../support/harness.ts';
import { LEVEL } from '../support/log-lines.ts';
import { waitFor } from '../support/wait.ts';

// Each Slack request gets an id (the first global middleware, slack/request-context.ts): every line
// logged while answering it carries that id — ours, and Bolt's and its Web API client's.

let t: TestApp;
let admin: Awaited<ReturnType<typeof seedUser>>;

beforeAll(async () => {
  t = await startTestApp({ logLevel: 'debug' });
  const acme = await seedOrganization(t.db, 'Acme');
  admin = await seedUser(t.db, acme.id, { admin: true });
});
afterAll(() => t.stop());

const requestLine = (what: string) => t.log.lines.find((line) => line.msg === `request: ${what}`);

describe('request ids', () => {
  it('each request has its own id, on the line that says what was asked', async () => {
    t.log.lines.length = 0;
    await t.command(slackPersonOf(admin), '/users');
    await t.command(slackPersonOf(admin), '/users', 'Ada');
    const lines = t.log.lines.filter((line) => line.msg === `request: command /users by ${admin.slackUserId}`);
    expect(lines).toHaveLength(2);
    expect(lines[0]!.requestId).toMatch(/^[0-9a-f]{10}$/);
    expect(lines[1]!.requestId).not.toBe(lines[0]!.requestId);
    // What was typed is not logged.
    expect(t.log.text()).not.toContain('Ada');
  });

  it('Bolt’s lines and the Web API client’s carry the id of the request they belong to', async () => {
    t.log.lines.length = 0;
    t.slack.failNext('views.open', { kind: 'platformError', error: 'invalid_arguments' });
    await t.command(slackPersonOf(admin), '/adduser');
    const refused = await waitFor(() => t.log.lines.find((line) => line.msg.startsWith('Slack refused a form')));
    const asked = requestLine(`command /adduser by ${admin.slackUserId}`)!;
    expect(refused).toMatchObject({ level: LEVEL.error, component: 'bolt', requestId: asked.requestId });
    const call = t.log.lines.find((line) => line.msg === "apiCall('views.open') start");
    expect(call).toMatchObject({ component: 'bolt', requestId: asked.requestId });
  });
});
