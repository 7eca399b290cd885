import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { DatabaseProxy } from '../support/database-proxy.ts';
import { addUserValues } from '../support/add-user-form.ts';
import { seedOrganization, seedUser, slackPersonOf, tableCounts } from '../support/fixtures.ts';
import { startTestApp, type TestApp } from '../support/harness.ts';
import { LEVEL, type LogLine } from '../support/log-lines.ts';
import { waitFor } from '../support/wait.ts';

// The database's time limits and outages, through signed Slack requests: a person is told in words
// to try again (with the ref of the log line), Slack gets its answer within its 3 seconds, nothing
// changes, and the log gets a line — not a stack trace per request or per background run.

type Stored = Awaited<ReturnType<typeof seedUser>>;
const BUSY = /^Switchboard is busy with this right now .*; try again in a moment \(ref ([0-9a-f]{10})\)\.$/;
const UNREACHABLE = /^Switchboard can't reach its database right now; try again in a minute \(ref ([0-9a-f]{10})\)\.$/;
const card = (user: Pick<Stored, 'id' | 'version'>) => JSON.stringify({ id: user.id, v: user.version });
const problems = (t: TestApp) => t.log.lines.filter((line) => line.level >= LEVEL.warn);

/** Locks a row in a connection of its own, in an open transaction, until released. */
async function lockRow(url: string, sql: string, id: string) {
  const holder = new pg.Client({ connectionString: url });
  await holder.connect();
  await holder.query('BEGIN');
  await holder.query(sql, [id]);
  return {
    async release() {
      await holder.query('ROLLBACK');
      await holder.end();
    },
  };
}

describe('a row locked elsewhere (lock_timeout)', () => {
  let t: TestApp;
  let org: { id: string };
  let admin: Stored;

  beforeAll(async () => {
    t = await startTestApp({ logLevel: 'info' });
    org = await seedOrganization(t.db, 'Acme');
    admin = await seedUser(t.db, org.id, { admin: true, firstName: 'Grace', lastName: 'Hopper' });
  });
  afterAll(() => t.stop());

  const lockUser = (user: { id: string }) =>
    lockRow(t.database.url, 'SELECT id FROM "user" WHERE id = $1 FOR UPDATE', user.id);
  const reload = (user: { id: string }) => t.db.user.findUniqueOrThrow({ where: { id: user.id } });

  it('a click that changes the user: told to try again in a moment, nothing changed, logged once with the ref', async () => {
    const ada = await seedUser(t.db, org.id, { firstName: 'Ada', lastName: 'Lovelace' });
    const before = { counts: await tableCounts(t.db), ada: await reload(ada) };
    t.log.lines.length = 0;
    const lock = await lockUser(ada);
    let told;
    try {
      const response = await t.press(slackPersonOf(admin), {
        type: 'button',
        action_id: 'user_deactivate',
        value: card(ada),
      });
      expect(response.status).toBe(200);
      told = await waitFor(() => t.slack.responses.at(-1), { what: 'the answer on the response_url' });
    } finally {
      await lock.release();
    }
    expect(told.body).toMatchObject({
      response_type: 'ephemeral',
      replace_original: false,
      text: expect.stringMatching(BUSY),
    });
    expect(await tableCounts(t.db)).toEqual(before.counts);
    expect(await reload(ada)).toEqual(before.ada);
    const ref = BUSY.exec(told.body.text)![1];
    const [line, ...more] = problems(t);
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      level: LEVEL.warn,
      requestId: ref,
      request: `user_deactivate (block_actions) by ${admin.slackUserId}`,
      err: { message: expect.stringContaining('canceling statement due to lock timeout') },
    });
    expect(line!.err.stack).toBeUndefined();

    // Once the lock is gone, the same click works.
    const answer = await t.click(slackPersonOf(admin), {
      type: 'button',
      action_id: 'user_deactivate',
      value: card(ada),
    });
    expect(JSON.stringify(answer.blocks)).toContain('Ada Lovelace was deactivated.');
  });

  it('a form submitted: answered within Slack’s 3 s on the form, what was typed kept, nothing changed', async () => {
    const ada = await seedUser(t.db, org.id, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.example' });
    const before = { counts: await tableCounts(t.db), ada: await reload(ada) };
    const values = addUserValues({
      email: ada.email,
      firstName: 'Augusta',
      lastName: ada.lastName,
      organizationId: org.id,
      privileges: ['active'],
    } as never);
    const lock = await lockUser(ada);
    let response;
    let took: number;
    try {
      const started = Date.now();
      response = await t.submitView(slackPersonOf(admin), {
        callbackId: 'edit_user',
        values,
        privateMetadata: card(ada),
      });
      took = Date.now() - started;
    } finally {
      await lock.release();
    }
    expect(response.status).toBe(200);
    expect(took).toBeGreaterThanOrEqual(1_900); // it waited for the lock, as long as lock_timeout allows
    expect(took).toBeLessThan(3_000);
    const answer = await response.json();
    expect(answer.response_action).toBe('errors');
    expect(Object.values(answer.errors)).toEqual([expect.stringMatching(BUSY)]);
    expect(await tableCounts(t.db)).toEqual(before.counts);
    expect(await reload(ada)).toEqual(before.ada);
    expect(t.log.text()).not.toContain('Augusta');
  });
});

describe('the database out of reach', () => {
  let t: TestApp;
  let database: TestDatabase;
  let admin: Stored;
  const proxy = new DatabaseProxy();

  beforeAll(async () => {
    // The app reaches its own database through the proxy, which the tests close and silence.
    database = await createTestDatabase();
    const org = await seedOrganization(database.db, 'Acme');
    admin = await seedUser(database.db, org.id, { admin: true, firstName: 'Grace', lastName: 'Hopper' });
    await proxy.open();
    t = await startTestApp({ databaseUrl: proxy.url(database.name), logLevel: 'debug' });
  });
  afterAll(async () => {
    await proxy.open();
    await t.stop();
    await proxy.close();
    await database.drop();
  });

  /** Sends /users; returns how long the ack took and what the person was told. */
  async function users() {
    const before = t.slack.responses.length;
    const started = Date.now();
    const ack = await t.command(slackPersonOf(admin), '/users');
    const took = Date.now() - started;
    expect(ack.status).toBe(200);
    const text = await ack.text();
    if (text) return { took, told: JSON.parse(text).text as string, ack: text };
    const told = await waitFor(() => t.slack.responses[before], { what: 'the answer on the response_url' });
    return { took, told: told.body.text as string, ack: text };
  }
  const unreachableLines = () =>
    t.log.lines.filter((line: LogLine) => line.level >= LEVEL.error && /database cannot be reached/.test(line.msg));

  it('a command is told the database can’t be reached, with a ref; the log gets one line, no stack', async () => {
    expect((await users()).ack).toContain('Grace Hopper');
    t.log.lines.length = 0;
    await proxy.close();
    const refs: string[] = [];
    for (let n = 0; n < 3; n += 1) {
      const { took, told } = await users();
      expect(took).toBeLessThan(3_000);
      expect(told).toMatch(UNREACHABLE);
      refs.push(UNREACHABLE.exec(told)![1]!);
    }
    expect(new Set(refs).size).toBe(3);
    // One error line for the three requests; each request's ref is in the log at debug.
    expect(unreachableLines()).toHaveLength(1);
    for (const ref of refs) {
      expect(t.log.lines.some((line) => line.requestId === ref && line.level === LEVEL.debug)).toBe(true);
    }
    // The background workers kept trying (the courier every 50 ms here): one line each, no stack.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const worker of ['outbox', 'invitations']) {
      expect(problems(t).filter((line) => line.worker === worker)).toHaveLength(1);
    }
    expect(problems(t).filter((line) => line.err?.stack)).toEqual([]);
  });

  it('the invitation page says to try again with a ref (503), and the log line carries it', async () => {
    t.log.lines.length = 0;
    const page = await fetch(`${t.baseUrl}/invites/${'a'.repeat(43)}`);
    expect(page.status).toBe(503);
    const ref = /\(ref ([0-9a-f]{10})\)/.exec(await page.text())![1];
    const line = t.log.lines.find((logged) => logged.ref === ref);
    expect(line).toMatchObject({ level: LEVEL.warn, msg: 'The invitation page failed (GET)' });
    expect(line!.err.stack).toBeUndefined();
    expect(t.log.text()).not.toContain('a'.repeat(43));
  });

  it('a database that never answers: the command is still answered within Slack’s 3 s', async () => {
    await proxy.open();
    proxy.silence();
    const { took, told } = await users();
    expect(told).toMatch(UNREACHABLE);
    expect(took).toBeLessThan(3_000);
  });

  it('when the database is back, commands work again', async () => {
    await proxy.open();
    expect((await users()).ack).toContain('Grace Hopper');
  });
});
