import { App, type ReceiverEvent } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { Listeners } from '../../src/slack/listeners.ts';

// The slices register on Listeners; Bolt gets one listener per kind, which routes by name.

/** A Bolt app (no receiver started) with `listeners` attached, and a way to hand it a request. */
function appWith(listeners: Listeners) {
  const app = new App({ token: 'xoxb-test', signingSecret: 'secret', botId: 'B1', botUserId: 'U0BOT' });
  listeners.attach(app);
  return async (body: Record<string, unknown>) => {
    let acked = false;
    const event: ReceiverEvent = { body, ack: async () => void (acked = true) };
    await app.processEvent(event);
    return acked;
  };
}

const command = (name: string) => ({
  command: name,
  text: '',
  team_id: 'T1',
  user_id: 'U1',
  channel_id: 'C1',
  trigger_id: 't',
  response_url: 'https://hooks.slack.com/commands/T1/1/x',
});
const click = (actionId: string) => ({
  type: 'block_actions',
  team: { id: 'T1' },
  user: { id: 'U1' },
  actions: [{ type: 'button', action_id: actionId, block_id: 'b', value: 'v', action_ts: '1' }],
});
const submission = (callbackId: string) => ({
  type: 'view_submission',
  team: { id: 'T1' },
  user: { id: 'U1' },
  view: { id: 'V1', callback_id: callbackId, state: { values: {} }, private_metadata: '' },
});
const suggestion = (actionId: string) => ({
  type: 'block_suggestion',
  team: { id: 'T1' },
  user: { id: 'U1' },
  action_id: actionId,
  block_id: 'b',
  value: '',
});
const event = (type: string) => ({
  type: 'event_callback',
  team_id: 'T1',
  event: { type, user: 'U1', tab: 'home', channel: 'D1', event_ts: '1' },
});

describe('Listeners', () => {
  it('routes each kind to the listener registered under its name, and only to it', async () => {
    const heard: string[] = [];
    const listeners = new Listeners();
    for (const name of ['/adduser', '/users']) {
      listeners.command(name, async ({ ack }) => {
        heard.push(name);
        await ack();
      });
    }
    listeners.action('approve', async ({ ack }) => {
      heard.push('approve');
      await ack();
    });
    listeners.view('add_user', async ({ ack }) => {
      heard.push('add_user');
      await ack();
    });
    listeners.options('company', async ({ ack }) => {
      heard.push('company');
      await ack({ options: [] });
    });
    listeners.event('app_home_opened', async () => void heard.push('app_home_opened'));
    const send = appWith(listeners);

    expect(await send(command('/users'))).toBe(true);
    expect(await send(click('approve'))).toBe(true);
    expect(await send(submission('add_user'))).toBe(true);
    expect(await send(suggestion('company'))).toBe(true);
    await send(event('app_home_opened'));
    expect(heard).toEqual(['/users', 'approve', 'add_user', 'company', 'app_home_opened']);
  });

  it('a name nobody listens for is left unanswered, as Bolt leaves it', async () => {
    const listeners = new Listeners();
    listeners.command('/users', async ({ ack }) => ack());
    const send = appWith(listeners);
    expect(await send(command('/nobody'))).toBe(false);
    expect(await send(click('nobody'))).toBe(false);
    expect(await send(submission('nobody'))).toBe(false);
  });

  it('an action id with a suffix (a page button) reaches the listener whose pattern it matches', async () => {
    const pages: string[] = [];
    const listeners = new Listeners();
    listeners.action(/^users_page_/, async ({ ack, action }) => {
      pages.push('action_id' in action ? action.action_id : '');
      await ack();
    });
    const send = appWith(listeners);
    expect(await send(click('users_page_next'))).toBe(true);
    expect(await send(click('invites_page_next'))).toBe(false);
    expect(pages).toEqual(['users_page_next']);
  });

  it('refuses a second listener for the same name when the app is built', () => {
    const listeners = new Listeners();
    listeners.view('add_user', async ({ ack }) => ack());
    expect(() => listeners.view('add_user', async ({ ack }) => ack())).toThrow('Two listeners for the view add_user');
    // The same name in another kind is another request.
    expect(() => listeners.action('add_user', async ({ ack }) => ack())).not.toThrow();
  });

  it('passes on what a listener throws, to the app’s one error handler', async () => {
    const listeners = new Listeners();
    listeners.command('/users', async () => {
      throw new Error('boom');
    });
    const app = new App({ token: 'xoxb-test', signingSecret: 'secret', botId: 'B1', botUserId: 'U0BOT' });
    const errors: string[] = [];
    app.error(async (error) => void errors.push(error.message));
    listeners.attach(app);
    await app.processEvent({ body: command('/users'), ack: async () => {} });
    expect(errors).toEqual(['boom']);
  });
});
