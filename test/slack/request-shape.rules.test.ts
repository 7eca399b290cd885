import { describe, expect, it } from 'vitest';
import { checkEnvelopeShape, checkRequestShape } from '../../src/slack/request-shape.rules.ts';
import {
  blockActionPayload,
  blockSuggestionPayload,
  viewSubmissionPayload,
  stateValues,
} from '../support/slack-requests.ts';

// What a well-formed Slack request is, before Bolt reads it (src/slack/receiver.ts answers 400
// otherwise). The requests the tests send as Slack does pass; anything Bolt would throw on doesn't.

const person = { userId: 'U0ADA', teamId: 'T0TEST' };
const command = {
  token: 'legacy',
  team_id: 'T0TEST',
  channel_id: 'C0COMMANDS',
  user_id: 'U0ADA',
  command: '/users',
  text: 'ada',
  response_url: 'https://hooks.slack.test/1',
  trigger_id: '1.2.abc',
};
const click = blockActionPayload(
  person,
  { type: 'button', action_id: 'user_edit', value: '{}' },
  { triggerId: '1.2.abc', responseUrl: 'https://hooks.slack.test/1' },
);
const submission = viewSubmissionPayload(
  person,
  { callbackId: 'edit_user', values: stateValues({ email: 'ada@example.com' }, { roles: ['admin'] }) },
  '1.2.abc',
);
const event = {
  type: 'event_callback',
  team_id: 'T0TEST',
  event: { type: 'app_home_opened', user: 'U0ADA', tab: 'home' },
  authorizations: [{ team_id: 'T0TEST', enterprise_id: null, user_id: 'UBOT', is_bot: true }],
};

const ok = (body: unknown) => expect(checkRequestShape(body)).toMatchObject({ ok: true });
const refused = (body: unknown, problem: RegExp) => {
  const shape = checkRequestShape(body);
  expect(shape.ok).toBe(false);
  expect(shape.ok || shape.problem).toMatch(problem);
};

describe('checkRequestShape', () => {
  it('passes what Slack sends', () => {
    ok(command);
    ok(click);
    ok(submission);
    ok({ ...submission, type: 'view_closed' });
    ok(blockSuggestionPayload(person, 'company', 'company', 'ac', '{"id":1}'));
    ok(event);
    ok({ type: 'url_verification', challenge: 'abc' });
    ok({ ssl_check: '1', token: 'x' });
    ok({ type: 'shortcut', callback_id: 'x', trigger_id: '1.2', user: { id: 'U0ADA' }, team: { id: 'T0TEST' } });
    ok({ ...click, team: null, user: { id: 'U0ADA', team_id: 'T0TEST' } });
  });

  it('refuses what is not an object', () => {
    refused(null, /the body is null, not an object/);
    refused([], /an array/);
    refused(42, /number/);
    refused('payload', /string/);
    refused(true, /boolean/);
  });

  it('refuses a body of no kind Slack sends', () => {
    refused({}, /no type, and no command, actions or event/);
    refused({ type: 'nope' }, /a type Slack does not send/);
    refused({ type: 7 }, /a type that is number/);
    refused({ ...click, type: 'dialog_submission' }, /block_actions: type/);
    refused({ ...click, type: 'interactive_message' }, /block_actions: type/);
    refused({ type: 'block_suggestion' }, /block_suggestion: /);
    refused({ name: 'legacy', value: 'x' }, /block_suggestion: /);
  });

  it('refuses fields of the wrong type, naming the field but never the value', () => {
    refused({ ...command, user_id: ['U1', 'U2'] }, /slash command: user_id: expected string/);
    refused({ ...command, trigger_id: undefined }, /slash command: trigger_id/);
    refused({ ...command, text: undefined }, /slash command: text/);
    refused({ ...command, command: 'users' }, /slash command: command: expected a slash command/);
    refused({ ...command, user_id: 'U0\u0000ADA' }, /user_id: expected a Slack id/);
    refused({ ...click, actions: 'x' }, /block_actions: actions: expected array/);
    refused({ ...click, actions: [] }, /block_actions: actions: too short/);
    refused({ ...click, actions: [1] }, /block_actions: actions.0: expected object/);
    refused({ ...click, actions: [{ type: 'button' }] }, /actions.0.action_id/);
    refused({ ...click, actions: [{ ...click.actions[0], value: 5 }] }, /actions.0.value/);
    refused({ ...click, user: null }, /block_actions: user: expected object/);
    refused({ ...click, user: { id: 5 } }, /user.id/);
    refused({ ...click, response_urls: [null] }, /response_urls.0/);
    refused({ ...submission, view: 'x' }, /view_submission: view: expected object/);
    refused({ ...submission, view: { ...submission.view, callback_id: null } }, /view.callback_id/);
    refused({ ...submission, view: { ...submission.view, private_metadata: {} } }, /view.private_metadata/);
    refused({ ...submission, view: { ...submission.view, state: undefined } }, /view.state/);
    refused({ ...submission, view: { ...submission.view, state: { values: { b: { a: 'x' } } } } }, /values.b.a/);
    refused(
      { ...submission, view: { ...submission.view, state: { values: { b: { a: { type: 'x', value: 1 } } } } } },
      /values.b.a.value/,
    );
    refused({ ...event, event: null }, /event_callback: event: expected object/);
    refused({ ...event, event: { ...event.event, user: null } }, /event.user/);
    refused({ ...event, event: { ...event.event, channel: null } }, /event.channel/);
    refused({ ...event, authorizations: [null] }, /authorizations.0/);
    refused({ ...command, event: 'x' }, /event_callback/);
    const secret = 'SECRET-VALUE';
    const shape = checkRequestShape({ ...submission, type: secret });
    expect(JSON.stringify(shape)).not.toContain(secret);
    const typed = checkRequestShape({ ...click, actions: [{ ...click.actions[0], value: [secret] }] });
    expect(JSON.stringify(typed)).not.toContain(secret);
  });
});

describe('checkEnvelopeShape', () => {
  const envelope = (type: string, payload: unknown) => ({ envelope_id: 'e-1', type, payload });

  it('passes hello, disconnect and request envelopes with well-formed requests of their kind', () => {
    expect(checkEnvelopeShape({ type: 'hello' }).ok).toBe(true);
    expect(checkEnvelopeShape({ type: 'disconnect', reason: 'refresh' }).ok).toBe(true);
    expect(checkEnvelopeShape(envelope('slash_commands', command)).ok).toBe(true);
    expect(checkEnvelopeShape(envelope('interactive', submission)).ok).toBe(true);
    expect(checkEnvelopeShape(envelope('events_api', event)).ok).toBe(true);
  });

  it('refuses anything else, with the envelope id to acknowledge when there is one', () => {
    expect(checkEnvelopeShape(null)).toEqual({ ok: false, problem: 'the message is null, not a JSON object' });
    expect(checkEnvelopeShape([]).ok).toBe(false);
    expect(checkEnvelopeShape({ type: 'error' })).toMatchObject({ ok: false, problem: /one Slack does not send/ });
    expect(checkEnvelopeShape({ type: 'toString' }).ok).toBe(false);
    expect(checkEnvelopeShape({ type: 'slash_commands', payload: command })).toMatchObject({
      ok: false,
      problem: /no envelope id/,
    });
    expect(checkEnvelopeShape(envelope('events_api', null))).toMatchObject({ ok: false, envelopeId: 'e-1' });
    expect(checkEnvelopeShape(envelope('events_api', { type: 'event_callback' }))).toMatchObject({
      ok: false,
      envelopeId: 'e-1',
    });
    expect(checkEnvelopeShape(envelope('events_api', command))).toMatchObject({
      ok: false,
      problem: 'the events_api envelope carries a slash command',
      envelopeId: 'e-1',
    });
  });
});
