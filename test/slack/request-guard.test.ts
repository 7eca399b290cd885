import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { RENAME_CUSTOMER_VIEW } from '../../src/features/companies/customers.blocks.ts';
import { LOCATION_VIEW } from '../../src/features/companies/locations.blocks.ts';
import { NUMBER_VIEW } from '../../src/features/telephony/number-picker.blocks.ts';
import { USER_SETTINGS_VIEW } from '../../src/features/telephony/user-settings.blocks.ts';
import { RESET_PASSWORD_VIEW } from '../../src/features/users/edit/reset-password.blocks.ts';
import { EDIT_USER_VIEW } from '../../src/features/users/add/user-form.blocks.ts';
import { CARD_CHANGE_VIEW } from '../../src/features/users/card/card-changes.blocks.ts';
import { OWN_DETAILS_VIEW } from '../../src/features/users/home/home.blocks.ts';
import { DENY_VIEW, REQUEST_ADMIN_VIEW } from '../../src/features/approvals/admin-rights.blocks.ts';
import { SETUP_VIEWS } from '../../src/features/setup/setup-wizard.blocks.ts';
import { INVITE_VIEW } from '../../src/features/invitations/invite-form.blocks.ts';
import { IMPORT_ACTION, IMPORT_CANCEL_ACTION } from '../../src/features/invitations/invitations.blocks.ts';
import { NUMBER_PICK_ACTION } from '../../src/features/telephony/number-picker.blocks.ts';
import { LOCATION_ACTIONS } from '../../src/features/companies/locations.blocks.ts';
import { USER_OPEN_ACTION } from '../../src/features/users/directory/user-list.blocks.ts';
import { LEVEL } from '../support/log-lines.ts';
import { seedOrganization, seedUser, slackPersonOf, tableCounts } from '../support/fixtures.ts';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/harness.ts';
import { interactionBody, postSigned, slashCommandBody, viewSubmissionPayload } from '../support/slack-requests.ts';

// No request can crash the process or get a 5xx (issue 12): a correctly signed body that isn't a
// well-formed Slack request gets 400 and a log line (src/slack/receiver.ts); a timestamp more
// than 5 minutes ahead is refused like a stale one; a form whose private_metadata can't be read
// says it is out of date. All through the real path: signed requests over HTTP to Bolt's receiver.

type Stored = Awaited<ReturnType<typeof seedUser>>;
let t: TestApp;
let admin: Stored;

beforeAll(async () => {
  t = await startTestApp();
  const acme = await seedOrganization(t.db, 'Acme');
  admin = await seedUser(t.db, acme.id, { admin: true, firstName: 'Grace', lastName: 'Hopper' });
});
afterAll(() => t.stop());
beforeEach(() => t.resetSlack());

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';
const post = (body: string, contentType = FORM, sign: { timestamp?: number; secret?: string } = {}) =>
  postSigned(`${t.baseUrl}/slack/events`, SIGNING_SECRET, body, { contentType, ...sign });
const payload = (value: string) => `payload=${encodeURIComponent(value)}`;
const warnings = () => vi.spyOn(t.switchboard.app.logger, 'warn');
const healthy = async () => expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
/** A /users command's form (refused here, so its trigger and response_url are never used). */
const command = (overrides: Record<string, string | string[]> = {}) => {
  const fields = new URLSearchParams(
    slashCommandBody({ userId: 'U0GRACE', teamId: 'T0TEST' }, '/users', 'grace', {
      triggerId: '1.2.unused',
      responseUrl: 'http://127.0.0.1:9/unused',
    }),
  );
  for (const [name, value] of Object.entries(overrides)) {
    fields.delete(name);
    for (const one of [value].flat()) fields.append(name, one);
  }
  return fields.toString();
};
const now = () => Math.floor(Date.now() / 1000);

describe('a signed body that is not a well-formed Slack request gets 400 and a log line', () => {
  const click = (actions: unknown) =>
    payload(JSON.stringify({ type: 'block_actions', user: { id: 'U0X' }, team: { id: 'T0TEST' }, actions }));
  const submission = (view: unknown) =>
    payload(JSON.stringify({ type: 'view_submission', user: { id: 'U0X' }, team: { id: 'T0TEST' }, view }));
  const cases: [string, string, string][] = [
    ['payload=null', 'payload=null', FORM],
    ['a JSON body null', 'null', JSON_TYPE],
    ['a JSON body []', '[]', JSON_TYPE],
    ['a JSON body 42', '42', JSON_TYPE],
    ['a JSON body "text"', '"text"', JSON_TYPE],
    ['a JSON body true', 'true', JSON_TYPE],
    ['payload=[]', payload('[]'), FORM],
    ['payload=42', payload('42'), FORM],
    ['payload="x"', payload('"x"'), FORM],
    ['payload= that is not JSON', payload('{not json'), FORM],
    ['a JSON body that is not JSON', '{not json', JSON_TYPE],
    ['an empty body', '', FORM],
    ['payload={} (no type)', payload('{}'), FORM],
    ['an unknown type', payload('{"type":"nope","user":{"id":"U0X"}}'), FORM],
    ['a type that is a number', payload('{"type":7}'), FORM],
    ['a legacy dialog submission', payload('{"type":"dialog_submission","user":{"id":"U0X"}}'), FORM],
    ['actions that is a string', click('x'), FORM],
    ['actions holding a number', click([1]), FORM],
    ['an action without its id', click([{ type: 'button' }]), FORM],
    ['a view that is a string', submission('x'), FORM],
    ['a view without its state', submission({ id: 'V1', type: 'modal', callback_id: 'x', private_metadata: '' }), FORM],
    ['a command sent twice over (user_id twice)', command({ user_id: ['U0A', 'U0B'] }), FORM],
    ['a command without a trigger_id', command({ trigger_id: [] }), FORM],
    ['a command with a NUL in its user id', command({ user_id: 'U0\u0000A' }), FORM],
    ['an event that is null', JSON.stringify({ type: 'event_callback', team_id: 'T0TEST', event: null }), JSON_TYPE],
    [
      'an event whose user is null',
      JSON.stringify({ type: 'event_callback', team_id: 'T0TEST', event: { type: 'app_home_opened', user: null } }),
      JSON_TYPE,
    ],
    ['a command form with an event field', command({ event: 'x' }), FORM],
  ];

  it.each(cases)('%s', async (_name, body, contentType) => {
    const warned = warnings();
    const before = await tableCounts(t.db);
    const response = await post(body, contentType);
    expect(response.status).toBe(400);
    expect(warned).toHaveBeenCalledTimes(1);
    expect(String(warned.mock.calls[0]![0])).toMatch(/^Refused a request to \/slack\/events with 400: /);
    await healthy();
    expect(await tableCounts(t.db)).toEqual(before);
    expect(t.slack.calls).toEqual([]);
  });

  it('the log line names what is wrong, never a value', async () => {
    const warned = warnings();
    const secret = 'SECRET-TYPED-VALUE';
    await post(payload(JSON.stringify({ type: secret })));
    await post(click([{ action_id: 'a', type: 'button', value: [secret] }]));
    await post(payload(`{"type":"${secret}`));
    const logged = warned.mock.calls.flat().map(String).join('\n');
    expect(logged).toContain('a type Slack does not send');
    expect(logged).toContain('block_actions: actions.0.value: expected string');
    expect(logged).toContain('not valid JSON');
    expect(logged).not.toContain(secret);
  });

  it('well-formed requests still go through, and Slack’s own checks are answered as before', async () => {
    const ack = await t.command(slackPersonOf(admin), '/users', 'grace');
    expect(ack.status).toBe(200);
    const challenge = await post(JSON.stringify({ type: 'url_verification', challenge: 'c-1', token: 'x' }), JSON_TYPE);
    expect(await challenge.json()).toEqual({ challenge: 'c-1' });
    // Slack's SSL check comes unsigned; Bolt answers it (and strips anything else from it).
    const ssl = await fetch(`${t.baseUrl}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': FORM },
      body: 'ssl_check=1&token=x',
    });
    expect(ssl.status).toBe(200);
  });

  it('a body over Bolt’s 4 MB limit gets 413, and the app goes on', async () => {
    const response = await post(payload('x'.repeat(4 * 1024 * 1024 + 1)));
    expect(response.status).toBe(413);
    await healthy();
  });
});

describe('signing: timestamps more than 5 minutes away either way are refused', () => {
  it.each([
    ['6 minutes in the future', 6 * 60],
    ['a day in the future', 24 * 60 * 60],
    ['6 minutes in the past', -6 * 60],
    ['a day in the past', -24 * 60 * 60],
  ])('%s: 401, nothing done', async (_name, offset) => {
    const warned = warnings();
    const before = await tableCounts(t.db);
    const response = await post(command(), FORM, { timestamp: now() + offset });
    expect(response.status).toBe(401);
    if (offset > 0) expect(String(warned.mock.calls[0]![0])).toMatch(/signed \d+ s in the future/);
    expect(t.slack.calls).toEqual([]);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('within 5 minutes ahead (a clock a little fast) is accepted', async () => {
    const ack = await t.command(slackPersonOf(admin), '/users', 'grace', { timestamp: now() + 4 * 60 });
    expect(ack.status).toBe(200);
  });

  it('a bad signature, or none, is still refused with 401 — even on a malformed body', async () => {
    expect((await post(command(), FORM, { secret: 'not-the-secret' })).status).toBe(401);
    expect((await post('payload=null', FORM, { secret: 'not-the-secret' })).status).toBe(401);
    const unsigned = await fetch(`${t.baseUrl}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': FORM },
      body: 'payload=null',
    });
    expect(unsigned.status).toBe(401);
    expect(t.slack.calls).toEqual([]);
  });
});

describe('a form whose private_metadata can’t be read says it is out of date', () => {
  const FORMS = [
    EDIT_USER_VIEW,
    RESET_PASSWORD_VIEW,
    CARD_CHANGE_VIEW,
    NUMBER_VIEW,
    USER_SETTINGS_VIEW,
    OWN_DETAILS_VIEW,
    LOCATION_VIEW,
    RENAME_CUSTOMER_VIEW,
    REQUEST_ADMIN_VIEW,
    DENY_VIEW,
    INVITE_VIEW,
    ...Object.values(SETUP_VIEWS),
  ];
  const JUNK: [string, string][] = [
    ['junk', 'not json at all'],
    ['the wrong shape', JSON.stringify({ id: ['x'], v: 'one', rows: 'many', details: 'x', email: 5 })],
    ['JSON null', 'null'],
    // A NUL written as \u0000 inside the JSON: PostgreSQL can't store it, and the app never writes it.
    [
      'a NUL inside its JSON',
      JSON.stringify({
        id: '\u0000',
        v: 1,
        email: 'a\u0000b',
        what: 'number',
        rows: 1,
        details: { firstName: '\u0000' },
      }),
    ],
    ['100 kB', `{"id":"${'\u202e%_\\'.repeat(25_000)}"}`],
  ];

  it.each(FORMS)('%s', async (callbackId) => {
    const before = await tableCounts(t.db);
    for (const [what, privateMetadata] of JUNK) {
      const response = await t.submitView(slackPersonOf(admin), { callbackId, values: {}, privateMetadata });
      expect(response.status, what).toBe(200);
      const answer = await response.json();
      expect(answer.response_action, what).toBe('update');
      expect(JSON.stringify(answer.view), what).toContain('This form is out of date — close it and open it again');
    }
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('says so in the form’s own words where it has them (how to open it again)', async () => {
    const response = await t.submitView(slackPersonOf(admin), {
      callbackId: EDIT_USER_VIEW,
      values: {},
      privateMetadata: 'x',
    });
    expect(JSON.stringify((await response.json()).view)).toContain(
      'This form is out of date — close it and open it again from /users.',
    );
  });

  it('a submission signed and sent as Slack sends it, with 100 kB of metadata, is not a 500', async () => {
    const body = interactionBody(
      viewSubmissionPayload(
        slackPersonOf(admin),
        { callbackId: DENY_VIEW, values: {}, privateMetadata: 'x'.repeat(100_000) },
        t.slack.issueTrigger(),
      ),
    );
    const response = await post(body);
    expect(response.status).toBe(200);
    expect(JSON.stringify(await response.json())).toContain('out of date');
  });
});

describe('values that are not what the app put there are refusals in words, not errors (found by the fuzz test)', () => {
  const errorsLogged = () => t.log.lines.filter((line) => line.level >= LEVEL.error);
  beforeEach(() => void (t.log.lines.length = 0));

  it.each([IMPORT_ACTION, IMPORT_CANCEL_ACTION])('%s with a value that is no import id', async (actionId) => {
    for (const value of ['', 'not-an-id', '\u202e%_\\']) {
      const answer = await t.click(slackPersonOf(admin), { type: 'button', action_id: actionId, value });
      expect(answer.text).toContain('That import is gone');
    }
    expect(errorsLogged()).toEqual([]);
  });

  it('a button sent for a menu (no selected option) is told, not thrown', async () => {
    for (const actionId of [USER_OPEN_ACTION, LOCATION_ACTIONS.remove]) {
      const answer = await t.click(slackPersonOf(admin), { type: 'button', action_id: actionId, value: 'x' });
      expect(answer.response_type).toBe('ephemeral');
    }
    expect(errorsLogged()).toEqual([]);
  });

  it('removing a location twice at once: one removes it, the other is told it no longer exists', async () => {
    const acme = await t.db.organization.findFirstOrThrow({ where: { name: 'Acme' } });
    const berlin = await t.db.location.create({ data: { organizationId: acme.id, name: 'Berlin', key: 'berlin' } });
    const remove = () =>
      t.click(slackPersonOf(admin), {
        type: 'static_select',
        action_id: LOCATION_ACTIONS.remove,
        selected_option: { value: berlin.id },
      });
    const answers = await Promise.all([remove(), remove()]);
    expect(answers.map((answer) => answer.text).sort()).toEqual([
      expect.stringContaining('Berlin'),
      'That location no longer exists.',
    ]);
    expect(await t.db.location.count({ where: { id: berlin.id } })).toBe(0);
    expect(errorsLogged()).toEqual([]);
  });

  it('the number picker’s search with metadata whose id is none finds nothing', async () => {
    const metadata = JSON.stringify({ id: 'not-an-id', email: 'ada@example.com' });
    const response = await t.suggest(slackPersonOf(admin), NUMBER_PICK_ACTION, 'number', '555', metadata);
    expect(await response.json()).toEqual({ options: [] });
    expect(errorsLogged()).toEqual([]);
  });
});
