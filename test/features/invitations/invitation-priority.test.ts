import { afterAll, beforeAll, expect, it } from 'vitest';
import { INVITE_BLOCKS, INVITE_VIEW } from '../../../src/features/invitations/invite-form.blocks.ts';
import { IMPORT_ACTION } from '../../../src/features/invitations/invitations.blocks.ts';
import { seedOrganization, seedUser, slackPersonOf } from '../../support/fixtures.ts';
import { startTestApp, TEAM_ID, type TestApp } from '../../support/harness.ts';
import { fileState } from '../../support/slack-requests.ts';
import { LoopbackSmtp } from '../../support/smtp.ts';
import { waitFor } from '../../support/wait.ts';

// Interactive before bulk, through the real path: a 1,000-person file imported with Import, then
// one person invited in /inviteusers while the import is being delivered. The single invitation
// goes out next, and the import finds workspace members with users.list pages, not 1,000 look-ups.

const PEOPLE = 1_000;
/** Every fifth imported person gets an email; the others are workspace members (a Slack DM). */
const byEmail = (n: number) => n % 5 === 0;
const MEMBERS = 800;
/** Workspace members not in the file, a deactivated one and a bot: users.list lists them all. */
const OTHERS = 300;

let t: TestApp;
let smtp: LoopbackSmtp;
let admin: Awaited<ReturnType<typeof seedUser>>;
let west: { id: string };

beforeAll(async () => {
  smtp = await new LoopbackSmtp().start();
  t = await startTestApp({ smtpUrl: smtp.url });
  const acme = await seedOrganization(t.db, 'Acme');
  west = await seedOrganization(t.db, 'Acme West', acme.id);
  admin = await seedUser(t.db, acme.id, { admin: true });
  const meet = await t.db.product.create({ data: { name: 'Meet', key: 'meet' } });
  await t.db.licensePool.create({ data: { organizationId: west.id, productId: meet.id, seats: PEOPLE + 1 } });
  const member = (id: string, email: string) => ({ id, teamId: TEAM_ID, name: id, realName: id, email });
  for (let n = 0; n < PEOPLE; n++) if (!byEmail(n)) t.slack.addUser(member(`UIMP${n}`, `person${n}@acme.example`));
  for (let n = 0; n < OTHERS; n++) t.slack.addUser(member(`UOTHER${n}`, `other${n}@acme.example`));
  t.slack.addUser({ ...member('UGONE', 'person995@acme.example'), deleted: true }); // gets an email
  t.slack.addUser({ ...member('BBOT1', ''), isBot: true });
  // Slack's tiers: users.list Tier 2 (~20 a minute), users.lookupByEmail Tier 3 (~50 a minute).
  t.slack.limitRate('users.list', 20);
  t.slack.limitRate('users.lookupByEmail', 50);
}, 60_000);
afterAll(async () => {
  await t?.stop();
  await smtp?.stop();
});

it('a single invitation made during a 1,000-person import is delivered next; the import reads users.list pages, not 1,000 look-ups', async () => {
  const csv = ['email;license', ...Array.from({ length: PEOPLE }, (_, n) => `person${n}@acme.example;true`)].join('\n');
  const file = t.slack.hostFile('people.csv', csv);
  await t.submitView(slackPersonOf(admin), {
    callbackId: INVITE_VIEW,
    privateMetadata: JSON.stringify({ rows: 1 }),
    values: {
      [INVITE_BLOCKS.company]: { company: { type: 'static_select', selected_option: { value: west.id } } },
      [INVITE_BLOCKS.product]: { value: { type: 'static_select', selected_option: { value: 'Meet' } } },
      ...fileState(INVITE_BLOCKS.file, [file]),
    },
  });
  const preview = await waitFor(() => t.slack.messagesIn(admin.slackUserId!)[0], { what: 'the dry run' });
  await t.press(
    slackPersonOf(admin),
    { type: 'button', action_id: IMPORT_ACTION, value: preview.blocks[1].elements[0].value },
    { message: { channel: admin.slackUserId!, ts: preview.ts } },
  );
  // The import is being delivered: its first emails have arrived.
  await waitFor(() => smtp.received.length >= 3, { what: 'the import’s first emails', timeoutMs: 30_000 });

  const single = 'single@outside.example';
  const answer = await t.submitView(slackPersonOf(admin), {
    callbackId: INVITE_VIEW,
    privateMetadata: JSON.stringify({ rows: 1 }),
    values: {
      [INVITE_BLOCKS.company]: { company: { type: 'static_select', selected_option: { value: west.id } } },
      [INVITE_BLOCKS.product]: { value: { type: 'static_select', selected_option: { value: 'Meet' } } },
      [INVITE_BLOCKS.email(0)]: { value: { type: 'plain_text_input', value: single } },
      [INVITE_BLOCKS.license(0)]: { value: { type: 'checkboxes', selected_options: [{ value: 'on' }] } },
    },
  });
  expect((await answer.json()).response_action).toBe('update');
  // The invitation is committed before the form is answered: from here on it is next.
  const importEmailsBefore = smtp.received.length;
  await waitFor(() => smtp.to(single).length, { what: 'the single email' });

  const emails = PEOPLE - MEMBERS;
  await waitFor(() => smtp.received.length === emails + 1, { what: 'every email', timeoutMs: 120_000 });
  const order = smtp.received.map((mail) => mail.to[0]);
  const position = order.indexOf(single);
  // Delivered next: at most the one email under way when it was made went out in between.
  expect(position - importEmailsBefore).toBeLessThanOrEqual(1);
  expect(emails - position).toBeGreaterThan(emails / 2); // most of the import was still waiting
  expect(new Set(order).size).toBe(emails + 1); // each person once

  // Members got a DM offer instead (through the outbox); everyone else an email.
  await waitFor(
    async () => (await t.db.invitation.count({ where: { deliverAt: null, status: 'sent' } })) === PEOPLE + 1,
    {
      what: 'every invitation delivered',
    },
  );
  const via = await t.db.invitation.groupBy({ by: ['deliveredVia'], _count: true, orderBy: { deliveredVia: 'asc' } });
  expect(via.map((row) => [row.deliveredVia, row._count])).toEqual([
    ['email', emails + 1],
    ['slack', MEMBERS],
  ]);
  // One users.list read (Slackbot + members + others + the deactivated one + the bot, 200 a page)
  // for the whole import; one users.lookupByEmail, for the single invitation; never rate limited.
  const listCalls = t.slack.callsTo('users.list');
  const listed = 1 + MEMBERS + OTHERS + 2;
  expect(listCalls).toHaveLength(Math.ceil(listed / 200));
  expect(listCalls.map((call) => Number(call.args.limit))).toEqual(listCalls.map(() => 200));
  expect(t.slack.callsTo('users.lookupByEmail').map((call) => call.args.email)).toEqual([single]);
  expect(t.slack.calls.filter((call) => call.outcome === 'ratelimited')).toEqual([]);
  console.log(
    `priority: ${PEOPLE} imported (${MEMBERS} members), single email ${position + 1} of ${order.length} ` +
      `(${importEmailsBefore} import emails before it was made); users.list ${listCalls.length} calls, ` +
      `lookupByEmail ${t.slack.callsTo('users.lookupByEmail').length}`,
  );
}, 180_000);
