import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { INVITE_BLOCKS, INVITE_VIEW } from '../../../src/features/invitations/invite-form.blocks.ts';
import { IMPORT_ACTION, IMPORT_CANCEL_ACTION } from '../../../src/features/invitations/invitations.blocks.ts';
import { MAX_ROWS } from '../../../src/features/invitations/invite-csv.rules.ts';
import { seedOrganization, seedUser, slackPersonOf, tableCounts } from '../../support/fixtures.ts';
import { INVITES_CHANNEL, startTestApp, type TestApp } from '../../support/harness.ts';
import { fileState, type StateValues } from '../../support/slack-requests.ts';
import { waitFor } from '../../support/wait.ts';

type Stored = Awaited<ReturnType<typeof seedUser>>;
let t: TestApp;
let admin: Stored;
let other: Stored;
let west: { id: string };

beforeAll(async () => {
  t = await startTestApp();
  const acme = await seedOrganization(t.db, 'Acme');
  west = await seedOrganization(t.db, 'Acme West', acme.id);
  admin = await seedUser(t.db, acme.id, { admin: true });
  other = await seedUser(t.db, acme.id, { admin: true });
  await seedUser(t.db, west.id, { email: 'existing@acme.example' });
  const meet = await t.db.product.create({ data: { name: 'Meet', key: 'meet' } });
  await t.db.licensePool.create({ data: { organizationId: west.id, productId: meet.id, seats: 3 } });
});
afterAll(() => t.stop());
beforeEach(async () => {
  await t.db.user.deleteMany({ where: { invitedAt: { not: null } } });
  await t.db.invitationImport.deleteMany();
  await t.db.outboxMessage.deleteMany();
  await t.resetSlack();
});

const GOOD = [
  'email;license',
  'ada@outside.example;true',
  'bob@outside.example;no',
  'existing@acme.example;true',
  'not-an-email;true',
  'ADA@outside.example;false',
].join('\r\n');

function uploadState(file: object, rows: [string, boolean][] = []): StateValues {
  const values: StateValues = {
    [INVITE_BLOCKS.company]: { company: { type: 'static_select', selected_option: { value: west.id } } },
    [INVITE_BLOCKS.product]: { value: { type: 'static_select', selected_option: { value: 'Meet' } } },
    ...fileState(INVITE_BLOCKS.file, [file]),
  };
  rows.forEach(
    ([email], row) => (values[INVITE_BLOCKS.email(row)] = { value: { type: 'plain_text_input', value: email } }),
  );
  return values;
}

async function upload(name: string, content: string | Buffer, as = admin, rows: [string, boolean][] = []) {
  const file = t.slack.hostFile(name, content, name.endsWith('.csv') ? 'csv' : 'png');
  const response = await t.submitView(slackPersonOf(as), {
    callbackId: INVITE_VIEW,
    values: uploadState(file, rows),
    privateMetadata: JSON.stringify({ rows: Math.max(1, rows.length) }),
  });
  return response.json();
}

const dmTo = (user: Stored) => waitFor(() => t.slack.messagesIn(user.slackUserId!).at(-1), { what: 'a DM' });

/** The uploader presses Import on their dry run's message. */
const pressImport = (preview: Awaited<ReturnType<typeof dmTo>>) =>
  t.press(
    slackPersonOf(admin),
    { type: 'button', action_id: IMPORT_ACTION, value: preview.blocks[1].elements[0].value },
    { message: { channel: admin.slackUserId!, ts: preview.ts } },
  );

describe('inviting from a CSV file uploaded in /inviteusers', () => {
  it('dry run first: a DM with the counts, the invalid rows by line, seats, and Import / Cancel — nothing changed', async () => {
    const before = await tableCounts(t.db);
    const answer = await upload('people.csv', GOOD);
    expect(JSON.stringify(answer.view)).toContain('The dry run arrives as a direct message');
    const preview = await dmTo(admin);
    expect(preview.text).toContain(
      '5 rows · *2 new* · 1 already users · 0 already invited · 1 duplicate row · 1 invalid',
    );
    expect(preview.text).toContain('line 5: “not-an-email” is not an email address');
    expect(preview.text).toContain('Seats needed: 1 of 3 available');
    expect(JSON.stringify(preview.blocks)).toContain(IMPORT_ACTION);
    const { users, invitations, licenses, auditEvents } = await tableCounts(t.db);
    expect({ users, invitations, licenses, auditEvents }).toEqual({
      users: before.users,
      invitations: before.invitations,
      licenses: before.licenses,
      auditEvents: before.auditEvents,
    });
  });

  it('Import invites all at once, updates the message, and posts one summary; the same file again invites nobody twice', async () => {
    await upload('people.csv', GOOD);
    const preview = await dmTo(admin);
    const importId = t.slack.messagesIn(admin.slackUserId!)[0]!.blocks[1].elements[0].value as string;
    await t.press(
      slackPersonOf(admin),
      { type: 'button', action_id: IMPORT_ACTION, value: importId },
      { message: { channel: admin.slackUserId!, ts: preview.ts } },
    );
    await waitFor(() => t.slack.messagesIn(admin.slackUserId!)[0]!.text.includes('Imported people.csv'));
    expect(t.slack.messagesIn(admin.slackUserId!)[0]!.text).toContain(
      'Imported people.csv into Acme › Acme West: 1 invited, 1 listed waiting for a license, 3 rows skipped.',
    );
    const invited = await t.db.user.findMany({ where: { invitedAt: { not: null } }, include: { invitation: true } });
    expect(invited.map((user) => [user.email, user.invitation!.status]).sort()).toEqual([
      ['ada@outside.example', 'sent'],
      ['bob@outside.example', 'waiting_license'],
    ]);
    const summaries = await waitFor(() => {
      const posted = t.slack.messagesIn(INVITES_CHANNEL);
      return posted.length ? posted : undefined;
    });
    expect(summaries).toHaveLength(1);
    expect(summaries[0]!.text).toContain('imported people.csv into Acme › Acme West: 1 invited');

    // The same file again: the dry run sees them as invited, and there is nothing to import.
    await upload('people.csv', GOOD);
    const second = await waitFor(() => t.slack.messagesIn(admin.slackUserId!)[1]);
    expect(second.text).toContain('*0 new* · 1 already users · 2 already invited');
    expect(JSON.stringify(second.blocks)).not.toContain(`"action_id":"${IMPORT_ACTION}"`);
    expect(JSON.stringify(second.blocks)).toContain('Dismiss');
  });

  it('shows progress in the same message as it goes, throttled, then the outcome', async () => {
    const rows = Array.from({ length: 12_000 }, (_, n) => `bulk${n}@outside.example,false`).join('\n');
    await upload('bulk.csv', rows);
    const preview = await dmTo(admin);
    expect(preview.text).toContain('*12000 new*');
    await pressImport(preview);
    await waitFor(() => t.slack.messagesIn(admin.slackUserId!)[0]!.text.includes('Imported bulk.csv'), {
      timeoutMs: 30_000,
    });
    const edits = t.slack.callsTo('chat.update').filter((call) => call.args.ts === preview.ts);
    expect(edits[0]!.args.text).toBe(':hourglass_flowing_sand: Importing bulk.csv: 5000 of 12000 rows…');
    expect(edits.length).toBeLessThan(4);
    expect(edits.at(-1)!.args.text).toContain('12000 listed waiting for a license');
    expect(t.slack.messagesIn(admin.slackUserId!)).toHaveLength(1);
  });

  it('the import’s transaction never waits for Slack: it commits while a slow progress edit is still on its way, and the outcome comes last', async () => {
    const rows = Array.from({ length: 12_000 }, (_, n) => `slow${n}@outside.example,false`).join('\n');
    await upload('slow.csv', rows);
    const preview = await dmTo(admin);
    t.slack.failNext('chat.update', { kind: 'slow', delayMs: 4_000 });
    await pressImport(preview);
    await waitFor(() => t.slack.callsTo('chat.update').length, { what: 'the progress edit', timeoutMs: 30_000 });
    await waitFor(
      async () => (await t.db.invitation.count({ where: { user: { email: { startsWith: 'slow' } } } })) === 12_000,
      {
        what: 'the import committed',
        timeoutMs: 30_000,
      },
    );
    const [progress] = t.slack.callsTo('chat.update');
    expect(progress!.args.text).toContain('Importing slow.csv');
    expect(progress!.outcome).toBeUndefined(); // Slack has not answered it yet
    await waitFor(() => t.slack.messagesIn(admin.slackUserId!)[0]!.text.includes('Imported slow.csv'), {
      timeoutMs: 30_000,
    });
    const edits = t.slack.callsTo('chat.update').filter((call) => call.args.ts === preview.ts);
    expect(edits.at(-1)!.args.text).toContain('Imported slow.csv');
  }, 60_000);

  it('a second click on Import, or another admin’s, is told; Cancel drops the file', async () => {
    await upload('people.csv', GOOD);
    const preview = await dmTo(admin);
    const importId = preview.blocks[1].elements[0].value as string;
    const place = { message: { channel: admin.slackUserId!, ts: preview.ts } };
    const foreign = await t.click(
      slackPersonOf(other),
      { type: 'button', action_id: IMPORT_ACTION, value: importId },
      place,
    );
    expect(foreign.text).toBe('Only the admin who uploaded this file can import or cancel it.');
    const cancelled = await t.click(
      slackPersonOf(admin),
      { type: 'button', action_id: IMPORT_CANCEL_ACTION, value: importId },
      place,
    );
    expect(cancelled.text).toBe('Cancelled: nothing was imported.');
    const late = await t.click(
      slackPersonOf(admin),
      { type: 'button', action_id: IMPORT_ACTION, value: importId },
      place,
    );
    expect(late.text).toContain('This import was cancelled');
    expect(await t.db.user.count({ where: { invitedAt: { not: null } } })).toBe(0);
  });

  it('all or nothing: too few seats at import time changes nothing and says why', async () => {
    const many = ['a1', 'a2', 'a3', 'a4'].map((name) => `${name}@outside.example,true`).join('\n');
    await upload('many.csv', many);
    const preview = await dmTo(admin);
    expect(preview.text).toContain('Seats needed: 4 of 3 available — *not enough seats*');
    const before = await tableCounts(t.db);
    await pressImport(preview);
    const failed = await waitFor(() => {
      const message = t.slack.messagesIn(admin.slackUserId!)[0]!;
      return message.text.includes('was not imported') ? message : undefined;
    });
    expect(failed.text).toContain('4 Meet seats are needed but only 3 are free');
    const after = await tableCounts(t.db);
    expect({ ...after, outboxMessages: 0 }).toEqual({ ...before, outboxMessages: 0 });
  });

  it('all or nothing: a row the database refuses after thousands were written leaves nothing behind, and the next import works', async () => {
    // A rule only the database knows: a trigger refusing one person's audit event, written after
    // their user and invitation rows and those of the 6,000 people before them in the file.
    await t.db.$executeRawUnsafe(
      `CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'refused by the database: %', NEW.target_label USING ERRCODE = 'check_violation'; END $$`,
    );
    await t.db.$executeRawUnsafe(
      `CREATE TRIGGER refuse_boom BEFORE INSERT ON audit_event FOR EACH ROW
       WHEN (NEW.target_label = 'boom@outside.example') EXECUTE FUNCTION refuse_boom()`,
    );
    const rows = Array.from({ length: 7_000 }, (_, n) =>
      n === 6_000 ? 'boom@outside.example,false' : `mid${n}@outside.example,false`,
    ).join('\n');
    try {
      await upload('mid.csv', rows);
      const preview = await dmTo(admin);
      expect(preview.text).toContain('*7000 new*');
      const before = await tableCounts(t.db);
      await pressImport(preview);
      const failed = await waitFor(
        async () => (await t.db.invitationImport.findFirst({ where: { status: 'failed' } })) ?? undefined,
        { what: 'the import failed', timeoutMs: 30_000 },
      );
      expect(failed.error).toContain('refused by the database: boom@outside.example');
      const after = await tableCounts(t.db);
      expect({ ...after, outboxMessages: 0 }).toEqual({ ...before, outboxMessages: 0 });
      expect(await t.db.user.count({ where: { email: { startsWith: 'mid' } } })).toBe(0);
      expect(t.slack.messagesIn(INVITES_CHANNEL)).toHaveLength(0);
    } finally {
      await t.db.$executeRawUnsafe('DROP TRIGGER refuse_boom ON audit_event');
      await t.db.$executeRawUnsafe('DROP FUNCTION refuse_boom()');
    }

    // The failed import left no staging table behind on the pool's connections: the same file imports.
    await t.db.invitationImport.deleteMany();
    await t.resetSlack();
    await upload('mid.csv', rows);
    const again = await dmTo(admin);
    await pressImport(again);
    await waitFor(() => t.slack.messagesIn(admin.slackUserId!)[0]!.text.includes('Imported mid.csv'), {
      timeoutMs: 30_000,
    });
    expect(await t.db.invitation.count({ where: { user: { email: { endsWith: '@outside.example' } } } })).toBe(7_000);
  }, 60_000);

  it('imports a file at the row limit (100,000 rows) in one go', async () => {
    const rows = Array.from({ length: MAX_ROWS }, (_, n) => `r${n}@limit.example,0`).join('\n');
    await upload('limit.csv', rows);
    const preview = await dmTo(admin);
    expect(preview.text).toContain(`${MAX_ROWS} rows · *${MAX_ROWS} new*`);
    await pressImport(preview);
    const done = await waitFor(
      () => {
        const message = t.slack.messagesIn(admin.slackUserId!)[0]!;
        return message.text.includes('Imported limit.csv') ? message : undefined;
      },
      { timeoutMs: 90_000 },
    );
    expect(done.text).toContain(`0 invited, ${MAX_ROWS} listed waiting for a license, 0 rows skipped.`);
    expect(
      await t.db.invitation.count({
        where: { status: 'waiting_license', user: { email: { endsWith: '@limit.example' } } },
      }),
    ).toBe(MAX_ROWS);
    expect(
      await t.db.auditEvent.count({ where: { action: 'user.invited', targetLabel: { endsWith: '@limit.example' } } }),
    ).toBe(MAX_ROWS);
  }, 120_000);

  it.each([
    ['photo.png', 'not,a,csv', 'photo.png is not a CSV file'],
    ['empty.csv', '', 'The file is empty.'],
  ])('refuses %s in the form itself', async (name, content, message) => {
    const answer = await upload(name, content);
    expect(answer.response_action).toBe('errors');
    expect(answer.errors[INVITE_BLOCKS.file]).toContain(message);
  });

  it('refuses typed rows and a file together', async () => {
    const answer = await upload('people.csv', GOOD, admin, [['x@outside.example', true]]);
    expect(answer.errors[INVITE_BLOCKS.file]).toContain('not both');
  });

  it.each([
    ['third.csv', 'ada@outside.example,true,extra\n', 'Line 1 has 3 columns; the file must have two'],
    ['header-only.csv', 'email,license\n', 'The file has no rows'],
    ['binary.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]), 'This is not a CSV text file'],
    ['broken.csv', 'ada@outside.example,"true\n', "can't be read as CSV"],
  ])('refuses %s by DM, saying why, and keeps nothing', async (name, content, message) => {
    const before = await tableCounts(t.db);
    await upload(name, content);
    const refusal = await dmTo(admin);
    expect(refusal.text).toContain(`${name} can't be imported, and nothing changed`);
    expect(refusal.text).toContain(message);
    expect(await t.db.invitationImport.count()).toBe(0);
    expect(await tableCounts(t.db)).toEqual(before);
  });
});
