import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LOCATION_ACTIONS } from '../../src/features/companies/locations.blocks.ts';
import { INVITE_ADD_ROW_ACTION, INVITE_VIEW } from '../../src/features/invitations/invite-form.blocks.ts';
import { NUMBER_PICK_ACTION } from '../../src/features/telephony/number-picker.blocks.ts';
import { HOME_ACTIONS } from '../../src/features/users/home/home.blocks.ts';
import { seedOrganization, seedUser, slackPersonOf } from '../support/fixtures.ts';
import { startTestApp, type TestApp } from '../support/harness.ts';
import { LEVEL } from '../support/log-lines.ts';
import { blockActionPayload, interactionBody, stateValues } from '../support/slack-requests.ts';
import { waitFor } from '../support/wait.ts';

// One way to answer each Slack surface: a refusal or a broken payload is told in words by the
// answer helpers; anything unexpected reaches the app's one error handler, which logs it with what
// was asked and tells the person it went wrong on our side. Slack always gets its 200.
//
// The unexpected errors here are real: this file's own database loses tables the use cases need.

const WENT_WRONG = /^Something went wrong on our side \(ref ([0-9a-f]{10})\); it was logged\. Please try again\.$/;
const wentWrong = expect.stringMatching(WENT_WRONG);
const SAYS_WENT_WRONG = /Something went wrong on our side \(ref [0-9a-f]{10}\)/;

type Stored = Awaited<ReturnType<typeof seedUser>>;
let t: TestApp;
let admin: Stored;
let acmeId: string;

beforeAll(async () => {
  t = await startTestApp();
  const acme = await seedOrganization(t.db, 'Acme');
  acmeId = acme.id;
  admin = await seedUser(t.db, acme.id, { admin: true, firstName: 'Grace', lastName: 'Hopper' });
  // /locations, its Remove menu and its form need the location table; an admin's App Home reads
  // the audit trail; the invitation form lists the products; the number picker searches the pool.
  for (const table of ['location', 'audit_event', 'product', 'phone_number']) {
    await t.db.$executeRawUnsafe(`DROP TABLE ${table} CASCADE`);
  }
});
afterAll(() => t.stop());
beforeEach(async () => {
  await t.resetSlack();
  t.log.lines.length = 0;
});

/** Everything the app logged in this test, as one text (JSON lines, errors with their messages). */
const logText = () => t.log.text();
/** Lines at warning or error level. */
const problems = () => t.log.lines.filter((line) => line.level >= LEVEL.warn);

describe('an unexpected error reaches the one error handler', () => {
  it('in a command: the person is told on the response_url, the log holds the error and the command', async () => {
    const ack = await t.command(slackPersonOf(admin), '/locations');
    expect(ack.status).toBe(200);
    expect(await ack.text()).toBe('');
    const told = await waitFor(() => t.slack.responses.at(-1));
    expect(told.body).toMatchObject({ response_type: 'ephemeral', text: wentWrong });
    await waitFor(() => logText().includes('/locations'));
    expect(logText()).toMatch(/command \/locations by U/);
    expect(logText()).toMatch(/location.*does not exist/);
    // The ref the person was told is the request's id, on the log line with the error and its stack.
    const ref = WENT_WRONG.exec(told.body.text)![1];
    const [line] = problems();
    expect(line).toMatchObject({
      level: LEVEL.error,
      requestId: ref,
      request: `command /locations by ${admin.slackUserId}`,
    });
    expect(line!.err.stack).toContain('at ');
  });

  it('in a click: the clicker is told privately, the message stays, the log holds the error and the action', async () => {
    const answer = await t.click(slackPersonOf(admin), {
      type: 'static_select',
      action_id: LOCATION_ACTIONS.remove,
      selected_option: { value: '00000000-0000-4000-8000-000000000000' },
    });
    expect(answer).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: wentWrong });
    expect(logText()).toContain(`${LOCATION_ACTIONS.remove} (block_actions)`);
    expect(logText()).toMatch(/location.*does not exist/);
    expect(problems()[0]!.requestId).toBe(WENT_WRONG.exec(answer.text)![1]);
  });

  it('in a submission: the form says so where it was typed, the log holds the error, not what was typed', async () => {
    const response = await t.submitView(slackPersonOf(admin), {
      callbackId: 'location',
      privateMetadata: JSON.stringify({ id: null }),
      values: {
        ...stateValues({ name: 'Secret Bunker', address: 'Nowhere 1' }),
        companyId: { company: { type: 'static_select', selected_option: { value: acmeId } } },
      },
    });
    expect(response.status).toBe(200);
    const answer = await response.json();
    expect(answer).toEqual({ response_action: 'errors', errors: { name: wentWrong } });
    await waitFor(() => logText().includes('location (view_submission)'));
    expect(logText()).toMatch(/location.*does not exist/);
    expect(logText()).not.toContain('Secret Bunker');
    // The form's answer and the log line carry the same ref.
    expect(problems()[0]!.requestId).toBe(WENT_WRONG.exec(answer.errors.name)![1]);
  });

  it('in App Home: opening it shows that something went wrong, and a click there says so in a modal', async () => {
    const opened = await t.event(slackPersonOf(admin), { type: 'app_home_opened', tab: 'home' });
    expect(opened.status).toBe(200);
    const home = await waitFor(() => t.slack.homes.get(admin.slackUserId!));
    expect(JSON.stringify(home)).toMatch(SAYS_WENT_WRONG);
    await waitFor(() => logText().includes('event app_home_opened'));
    expect(logText()).toMatch(/audit_event.*does not exist/);

    // A click in App Home has no response_url: the handler answers with a modal.
    const payload: Record<string, unknown> = {
      ...blockActionPayload(
        slackPersonOf(admin),
        { type: 'button', action_id: HOME_ACTIONS.editDetails, value: '1' },
        { triggerId: t.slack.issueTrigger(), responseUrl: '' },
      ),
      container: { type: 'view', view_id: 'VHOME' },
      view: { id: 'VHOME', type: 'home', callback_id: '', private_metadata: '', state: { values: {} } },
    };
    delete payload.response_url;
    delete payload.channel;
    delete payload.message;
    const clicked = await t.post(interactionBody(payload));
    expect(clicked.status).toBe(200);
    const modal = (await waitFor(() => t.slack.callsTo('views.open')[0])).args.view;
    expect(JSON.stringify(modal)).toMatch(SAYS_WENT_WRONG);
    expect(logText()).toContain(`${HOME_ACTIONS.editDetails} (block_actions)`);
  });

  it('in a click in a modal: a modal pushed onto it says so', async () => {
    const clicked = await t.press(
      slackPersonOf(admin),
      { type: 'button', action_id: INVITE_ADD_ROW_ACTION, value: 'add' },
      { view: { id: 'VINVITE', callbackId: INVITE_VIEW, values: {}, privateMetadata: JSON.stringify({ rows: 1 }) } },
    );
    expect(clicked.status).toBe(200);
    const pushed = (await waitFor(() => t.slack.callsTo('views.push')[0])).args.view;
    expect(JSON.stringify(pushed)).toMatch(SAYS_WENT_WRONG);
    expect(logText()).toContain(`${INVITE_ADD_ROW_ACTION} (block_actions)`);
    expect(logText()).toMatch(/product.*does not exist/);
  });

  it('in a menu search: no options (all a menu can say), and the log holds the error', async () => {
    const metadata = JSON.stringify({ id: admin.id, email: admin.email });
    const response = await t.suggest(slackPersonOf(admin), NUMBER_PICK_ACTION, 'number', '55', metadata);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ options: [] });
    await waitFor(() => logText().includes(`${NUMBER_PICK_ACTION} (block_suggestion)`));
    expect(logText()).toMatch(/phone_number.*does not exist/);
  });
});

describe('"broken" is for payloads that can’t be read', () => {
  it('a malformed button value says the button is broken, and logs nothing', async () => {
    const answer = await t.click(slackPersonOf(admin), {
      type: 'button',
      action_id: 'user_deactivate',
      value: 'not json',
    });
    expect(answer.text).toBe('That button is broken; open the user again with /users.');
    expect(answer.replace_original).toBe(false);
    expect(problems()).toEqual([]);
  });

  it('a form whose metadata can’t be read says the form is out of date', async () => {
    const response = await t.submitView(slackPersonOf(admin), {
      callbackId: 'edit_user',
      privateMetadata: 'not json',
      values: stateValues({ email: 'ada@acme.example', firstName: 'Ada', lastName: 'Lovelace' }),
    });
    const answer = await response.json();
    expect(answer.response_action).toBe('update');
    expect(JSON.stringify(answer.view)).toContain('This form is out of date — close it and open it again from /users.');
    expect(problems()).toEqual([]);
  });
});
