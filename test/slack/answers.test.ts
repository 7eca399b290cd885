import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { LOCATION_ACTIONS } from '../../src/features/companies/locations.blocks.ts';
import { INVITE_ADD_ROW_ACTION, INVITE_VIEW } from '../../src/features/invitations/invite-form.blocks.ts';
import { NUMBER_PICK_ACTION } from '../../src/features/telephony/number-picker.blocks.ts';
import { HOME_ACTIONS } from '../../src/features/users/home/home.blocks.ts';
import { seedOrganization, seedUser, slackPersonOf } from '../support/fixtures.ts';
import { startTestApp, type TestApp } from '../support/harness.ts';
import { blockActionPayload, interactionBody, stateValues } from '../support/slack-requests.ts';
import { waitFor } from '../support/wait.ts';

// One way to answer each Slack surface: a refusal or a broken payload is told in words by the
// answer helpers; anything unexpected reaches the app's one error handler, which logs it with what
// was asked and tells the person it went wrong on our side. Slack always gets its 200.
//
// The unexpected errors here are real: this file's own database loses tables the use cases need.

const WENT_WRONG = 'Something went wrong on our side; it was logged. Please try again.';

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
beforeEach(() => t.slack.reset());

/** Bolt's ConsoleLogger writes errors with console.error; kept off the test output. */
const logged = () => vi.spyOn(console, 'error').mockImplementation(() => undefined);
/** Everything logged, as one text (errors with their messages). */
const logText = (spy: ReturnType<typeof logged>) =>
  spy.mock.calls
    .flat()
    .map((part) => (part instanceof Error ? `${part.message}\n${part.stack}` : String(part)))
    .join('\n');

describe('an unexpected error reaches the one error handler', () => {
  it('in a command: the person is told on the response_url, the log holds the error and the command', async () => {
    const spy = logged();
    const ack = await t.command(slackPersonOf(admin), '/locations');
    expect(ack.status).toBe(200);
    expect(await ack.text()).toBe('');
    const told = await waitFor(() => t.slack.responses.at(-1));
    expect(told.body).toMatchObject({ response_type: 'ephemeral', text: WENT_WRONG });
    await waitFor(() => logText(spy).includes('/locations'));
    expect(logText(spy)).toMatch(/command \/locations by U/);
    expect(logText(spy)).toMatch(/location.*does not exist/);
  });

  it('in a click: the clicker is told privately, the message stays, the log holds the error and the action', async () => {
    const spy = logged();
    const answer = await t.click(slackPersonOf(admin), {
      type: 'static_select',
      action_id: LOCATION_ACTIONS.remove,
      selected_option: { value: '00000000-0000-4000-8000-000000000000' },
    });
    expect(answer).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: WENT_WRONG });
    expect(logText(spy)).toContain(`${LOCATION_ACTIONS.remove} (block_actions)`);
    expect(logText(spy)).toMatch(/location.*does not exist/);
  });

  it('in a submission: the form says so where it was typed, the log holds the error, not what was typed', async () => {
    const spy = logged();
    const response = await t.submitView(slackPersonOf(admin), {
      callbackId: 'location',
      privateMetadata: JSON.stringify({ id: null }),
      values: {
        ...stateValues({ name: 'Secret Bunker', address: 'Nowhere 1' }),
        companyId: { company: { type: 'static_select', selected_option: { value: acmeId } } },
      },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ response_action: 'errors', errors: { name: WENT_WRONG } });
    await waitFor(() => logText(spy).includes('location (view_submission)'));
    expect(logText(spy)).toMatch(/location.*does not exist/);
    expect(logText(spy)).not.toContain('Secret Bunker');
  });

  it('in App Home: opening it shows that something went wrong, and a click there says so in a modal', async () => {
    const spy = logged();
    const opened = await t.event(slackPersonOf(admin), { type: 'app_home_opened', tab: 'home' });
    expect(opened.status).toBe(200);
    const home = await waitFor(() => t.slack.homes.get(admin.slackUserId!));
    expect(JSON.stringify(home)).toContain(WENT_WRONG);
    await waitFor(() => logText(spy).includes('event app_home_opened'));
    expect(logText(spy)).toMatch(/audit_event.*does not exist/);

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
    expect(JSON.stringify(modal)).toContain(WENT_WRONG);
    expect(logText(spy)).toContain(`${HOME_ACTIONS.editDetails} (block_actions)`);
  });

  it('in a click in a modal: a modal pushed onto it says so', async () => {
    const spy = logged();
    const clicked = await t.press(
      slackPersonOf(admin),
      { type: 'button', action_id: INVITE_ADD_ROW_ACTION, value: 'add' },
      { view: { id: 'VINVITE', callbackId: INVITE_VIEW, values: {}, privateMetadata: JSON.stringify({ rows: 1 }) } },
    );
    expect(clicked.status).toBe(200);
    const pushed = (await waitFor(() => t.slack.callsTo('views.push')[0])).args.view;
    expect(JSON.stringify(pushed)).toContain(WENT_WRONG);
    expect(logText(spy)).toContain(`${INVITE_ADD_ROW_ACTION} (block_actions)`);
    expect(logText(spy)).toMatch(/product.*does not exist/);
  });

  it('in a menu search: no options (all a menu can say), and the log holds the error', async () => {
    const spy = logged();
    const metadata = JSON.stringify({ id: admin.id, email: admin.email });
    const response = await t.suggest(slackPersonOf(admin), NUMBER_PICK_ACTION, 'number', '55', metadata);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ options: [] });
    await waitFor(() => logText(spy).includes(`${NUMBER_PICK_ACTION} (block_suggestion)`));
    expect(logText(spy)).toMatch(/phone_number.*does not exist/);
  });
});

describe('"broken" is for payloads that can’t be read', () => {
  it('a malformed button value says the button is broken, and logs nothing', async () => {
    const spy = logged();
    const answer = await t.click(slackPersonOf(admin), {
      type: 'button',
      action_id: 'user_deactivate',
      value: 'not json',
    });
    expect(answer.text).toBe('That button is broken; open the user again with /users.');
    expect(answer.replace_original).toBe(false);
    expect(spy).not.toHaveBeenCalled();
  });

  it('a form whose metadata can’t be read says the form is broken', async () => {
    const spy = logged();
    const response = await t.submitView(slackPersonOf(admin), {
      callbackId: 'edit_user',
      privateMetadata: 'not json',
      values: stateValues({ email: 'ada@acme.example', firstName: 'Ada', lastName: 'Lovelace' }),
    });
    const answer = await response.json();
    expect(answer.response_action).toBe('update');
    expect(JSON.stringify(answer.view)).toContain('This form is broken; open the user again with /users.');
    expect(spy).not.toHaveBeenCalled();
  });
});
