import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedOrganization, seedUser, slackPersonOf, STRANGER, tableCounts } from '../../support/fixtures.ts';
import { NOTIFY_CHANNEL, startTestApp, type TestApp } from '../../support/harness.ts';
import type { StateValues } from '../../support/slack-requests.ts';
import { waitFor } from '../../support/wait.ts';

// `/switchboard settings` and App Home's Channels (single-workspace mode: the workspace is the
// deployment's own, ''): who may choose where notices go, what the form shows, what a submission
// stores, audits and announces. And the uninstall events, which in this mode only warn.

let t: TestApp;
let grace: Awaited<ReturnType<typeof seedUser>>;
let ada: Awaited<ReturnType<typeof seedUser>>;
let carl: Awaited<ReturnType<typeof seedUser>>;

/** The form's state as Slack sends it: a conversations_select per purpose, the default boxes. */
function channels(
  chosen: Partial<Record<'confirmations' | 'approvals' | 'invitations', string>>,
  useDefault: string[] = [],
) {
  const values: StateValues = {};
  for (const purpose of ['confirmations', 'approvals', 'invitations'] as const) {
    values[purpose] = { value: { type: 'conversations_select', selected_conversation: chosen[purpose] ?? null } };
  }
  values.use_default = {
    value: {
      type: 'checkboxes',
      selected_options: useDefault.map((value) => ({ text: { type: 'plain_text', text: value }, value })),
    },
  };
  return values;
}

const own = () => t.db.slackWorkspace.findUniqueOrThrow({ where: { teamId: '' } });
const submit = (person = grace, values = channels({})) =>
  t.submitView(slackPersonOf(person), { callbackId: 'workspace_channels', values });

beforeAll(async () => {
  t = await startTestApp({ logLevel: 'warn' });
  const acme = await seedOrganization(t.db, 'Acme');
  const west = await seedOrganization(t.db, 'Acme West', acme.id);
  grace = await seedUser(t.db, acme.id, { admin: true, email: 'grace@acme.example' });
  ada = await seedUser(t.db, acme.id, { admin: false, portalAccess: true, email: 'ada@acme.example' });
  carl = await seedUser(t.db, west.id, { admin: true, email: 'carl@west.example' });
});
afterAll(() => t.stop());
beforeEach(async () => {
  await t.db.slackWorkspace.update({
    where: { teamId: '' },
    data: { confirmationsChannel: null, approvalsChannel: null, invitationsChannel: null },
  });
  await t.db.auditEvent.deleteMany();
  await t.db.outboxMessage.deleteMany();
  await t.resetSlack();
});

describe('/switchboard settings', () => {
  it('opens the channels form for an admin of the company that runs Switchboard, showing the defaults', async () => {
    const response = await t.command(slackPersonOf(grace), '/switchboard', 'settings');
    expect(await response.text()).toBe('');
    const open = await waitFor(() => t.slack.callsTo('views.open')[0]);
    expect(open.args.view.callback_id).toBe('workspace_channels');
    const text = JSON.stringify(open.args.view);
    expect(text).toContain(`<#${NOTIFY_CHANNEL}>`);
    expect(text).not.toContain('initial_conversation');
  });

  it('is listed by /switchboard help, as /switchboard settings', async () => {
    const { text } = await (await t.command(slackPersonOf(grace), '/switchboard', 'help')).json();
    expect(text).toContain('`/switchboard settings`');
  });

  it('answers help with its usage', async () => {
    const { text } = await (await t.command(slackPersonOf(grace), '/switchboard', 'settings help')).json();
    expect(text).toContain('Usage: `/switchboard settings`');
    expect(t.slack.callsTo('views.open')).toEqual([]);
  });

  it.each([
    ['a Portal Access user', () => ada, 'needs the Admin privilege'],
    ['an admin of a customer company', () => carl, 'Only the admins of the company that runs Switchboard'],
  ])('refuses %s, privately', async (_, person, message) => {
    const { text } = await (await t.command(slackPersonOf(person()), '/switchboard', 'settings')).json();
    expect(text).toContain(message);
    expect(t.slack.callsTo('views.open')).toEqual([]);
  });

  it('refuses a Slack account linked to no user', async () => {
    const { text } = await (await t.command(STRANGER, '/switchboard', 'settings')).json();
    expect(text).toContain('not linked');
  });
});

describe('saving the channels', () => {
  it('stores the chosen channels, audits them and announces it where confirmations go now and went until now', async () => {
    await t.command(slackPersonOf(grace), '/switchboard', 'settings');
    const answer = await (
      await submit(grace, channels({ confirmations: 'C0NEWCONF', invitations: 'C0NEWINV' }))
    ).json();
    expect(answer.response_action).toBe('update');
    expect(JSON.stringify(answer.view)).toContain('Saved');
    expect(await own()).toMatchObject({
      confirmationsChannel: 'C0NEWCONF',
      approvalsChannel: null,
      invitationsChannel: 'C0NEWINV',
    });
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'workspace.channels_chosen' } });
    expect(event).toMatchObject({
      actorId: grace.id,
      before: { confirmations: null, invitations: null },
      after: { confirmations: 'C0NEWCONF', invitations: 'C0NEWINV' },
    });
    for (const channel of ['C0NEWCONF', NOTIFY_CHANNEL]) {
      await waitFor(() => t.slack.messagesIn(channel).some((m) => String(m.text).includes('<#C0NEWCONF>')));
    }
  });

  it('shows the current choice when opened again; a ticked box puts a purpose back to the default', async () => {
    await submit(grace, channels({ approvals: 'C0APPRNEW' }));
    await t.resetSlack();
    await t.command(slackPersonOf(grace), '/switchboard', 'settings');
    const open = await waitFor(() => t.slack.callsTo('views.open')[0]);
    const approvals = open.args.view.blocks.find((block: { block_id?: string }) => block.block_id === 'approvals');
    expect(approvals.element.initial_conversation).toBe('C0APPRNEW');
    // Slack sends the select's value as shown; the box says "back to the default".
    await submit(grace, channels({ approvals: 'C0APPRNEW' }, ['approvals']));
    expect((await own()).approvalsChannel).toBeNull();
  });

  it('nothing changed: says so, records and announces nothing', async () => {
    const answer = await (await submit(grace, channels({}))).json();
    expect(JSON.stringify(answer.view)).toContain('Nothing changed');
    expect(await t.db.auditEvent.count()).toBe(0);
    expect(await t.db.outboxMessage.count()).toBe(0);
  });

  it('refuses what is not a channel (a DM) on its field, changing nothing', async () => {
    const before = await tableCounts(t.db);
    const answer = await (await submit(grace, channels({ approvals: 'D0DIRECT' }))).json();
    expect(answer.response_action).toBe('errors');
    expect(answer.errors.approvals).toContain('Choose a channel');
    expect(await tableCounts(t.db)).toEqual(before);
    expect((await own()).approvalsChannel).toBeNull();
  });

  it('re-checks the person at submit: a customer company’s admin or a non-admin changes nothing', async () => {
    for (const person of [carl, ada]) {
      const answer = await (await submit(person, channels({ approvals: 'C0SNEAKY' }))).json();
      expect(answer.response_action).toBe('update');
      expect(JSON.stringify(answer.view)).toMatch(/Only the admins|needs the Admin privilege/);
    }
    expect((await own()).approvalsChannel).toBeNull();
    expect(await t.db.auditEvent.count()).toBe(0);
  });
});

describe('App Home', () => {
  it('an admin’s Home has a Channels button that opens the same form', async () => {
    await t.event(slackPersonOf(grace), { type: 'app_home_opened', user: grace.slackUserId, tab: 'home' });
    const home = await waitFor(() => t.slack.callsTo('views.publish')[0]);
    expect(JSON.stringify(home.args.view)).toContain('home_channels');
    await t.press(slackPersonOf(grace), { type: 'button', action_id: 'home_channels', value: '' });
    const open = await waitFor(() => t.slack.callsTo('views.open')[0]);
    expect(open.args.view.callback_id).toBe('workspace_channels');
  });

  it('refused from Home: told in a modal', async () => {
    await t.press(slackPersonOf(carl), { type: 'button', action_id: 'home_channels', value: '' });
    const open = await waitFor(() => t.slack.callsTo('views.open')[0]);
    expect(JSON.stringify(open.args.view)).toContain('Only the admins of the company that runs Switchboard');
  });
});

describe('uninstall events with one bot token', () => {
  it('app_uninstalled: warns that SLACK_BOT_TOKEN no longer works; nothing changes', async () => {
    const before = await tableCounts(t.db);
    const response = await t.event(slackPersonOf(grace), { type: 'app_uninstalled' });
    expect(response.status).toBe(200);
    await waitFor(() => t.log.text().includes('SLACK_BOT_TOKEN no longer works'));
    expect(t.log.text()).toContain('the app was uninstalled');
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('tokens_revoked: warns only when the bot token is among them', async () => {
    await t.event(slackPersonOf(grace), { type: 'tokens_revoked', tokens: { oauth: ['U0SOMEONE'] } });
    await t.event(slackPersonOf(grace), { type: 'tokens_revoked', tokens: { oauth: [], bot: ['UBOT'] } });
    await waitFor(() => t.log.text().includes('its bot token was revoked'));
    expect(t.log.text().match(/its bot token was revoked/g)).toHaveLength(1);
  });
});
