import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrganization, seedUser, slackPersonOf } from '../../../support/fixtures.ts';
import { startTestApp, type TestApp } from '../../../support/harness.ts';
import type { StateValues } from '../../../support/slack-requests.ts';
import { waitFor } from '../../../support/wait.ts';

// Numbers are stored in E.164 and shown in international format: on the card, in the Edit form
// (which reads them back unchanged) and in the CLI's words.
let t: TestApp;
let admin: Awaited<ReturnType<typeof seedUser>>;
let ada: Awaited<ReturnType<typeof seedUser>>;

beforeAll(async () => {
  t = await startTestApp();
  const acme = await seedOrganization(t.db, 'Acme');
  admin = await seedUser(t.db, acme.id, { admin: true, firstName: 'Grace', lastName: 'Hopper' });
  ada = await seedUser(t.db, acme.id, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.example' });
  ada = await t.db.user.update({
    where: { id: ada.id },
    data: { officePhone: '+49301234500', mobilePhone: '+4915112345678', faxPhone: '+14155550100' },
  });
});
afterAll(() => t.stop());

/** What Slack sends back for a form nobody changed: every input as the form showed it. */
function stateAsShown(view: { blocks: any[] }): StateValues {
  const state: StateValues = {};
  for (const block of view.blocks.filter((b: any) => b.type === 'input')) {
    const e = block.element;
    const value =
      e.type === 'plain_text_input'
        ? { type: e.type, value: e.initial_value ?? null }
        : e.type === 'checkboxes'
          ? { type: e.type, selected_options: e.initial_options ?? [] }
          : e.type === 'users_select'
            ? { type: e.type, selected_user: e.initial_user ?? null }
            : { type: e.type, selected_option: e.initial_option ?? null };
    state[block.block_id] = { [e.action_id]: value } as never;
  }
  return state;
}

describe('phone numbers people read', () => {
  it('the card shows them in international format', async () => {
    const text = JSON.stringify(await (await t.command(slackPersonOf(admin), '/users', 'ada@acme.example')).json());
    expect(text).toContain('*Office*\\n+49 30 1234500');
    expect(text).toContain('*Cellular*\\n+49 1511 2345678');
    expect(text).toContain('*Fax*\\n+1 415 555 0100');
  });

  it('Edit shows them formatted, and saving the form unchanged changes nothing', async () => {
    const value = JSON.stringify({ id: ada.id, v: ada.version });
    expect((await t.press(slackPersonOf(admin), { type: 'button', action_id: 'user_edit', value })).status).toBe(200);
    const view = (await waitFor(() => t.slack.callsTo('views.open')[0])).args.view;
    const shown = Object.fromEntries(
      view.blocks.filter((b: any) => b.element?.initial_value).map((b: any) => [b.block_id, b.element.initial_value]),
    );
    expect(shown).toMatchObject({
      officePhone: '+49 30 1234500',
      mobilePhone: '+49 1511 2345678',
      faxPhone: '+1 415 555 0100',
    });
    const audited = await t.db.auditEvent.count();
    const saved = await t.submitView(slackPersonOf(admin), {
      callbackId: view.callback_id,
      values: stateAsShown(view),
      privateMetadata: view.private_metadata,
    });
    expect(saved.status).toBe(200);
    const after = await t.db.user.findUniqueOrThrow({ where: { id: ada.id } });
    expect(after).toMatchObject({
      officePhone: '+49301234500',
      mobilePhone: '+4915112345678',
      faxPhone: '+14155550100',
      version: ada.version,
    });
    expect(await t.db.auditEvent.count()).toBe(audited);
  });
});
