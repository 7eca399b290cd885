import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrganization, seedUser, slackPersonOf } from '../../support/fixtures.ts';
import { startTestApp, type TestApp } from '../../support/harness.ts';
import { stateValues } from '../../support/slack-requests.ts';
import { waitFor } from '../../support/wait.ts';

type Stored = Awaited<ReturnType<typeof seedUser>>;
let t: TestApp;
let admin: Stored;
let ada: Stored;
let outsider: Stored;

beforeAll(async () => {
  t = await startTestApp();
  const acme = await seedOrganization(t.db, 'Acme');
  admin = await seedUser(t.db, acme.id, { admin: true });
  ada = await seedUser(t.db, acme.id, { firstName: 'Ada', lastName: 'Lovelace' });
  outsider = await seedUser(t.db, (await seedOrganization(t.db, 'Other')).id);
});
afterAll(() => t.stop());

const save = (as: Stored, userId: string, options: string[], callList: string | null) =>
  t.submitView(slackPersonOf(as), {
    callbackId: 'user_settings',
    privateMetadata: userId,
    values: {
      ...stateValues({}, { options }),
      callList: { value: { type: 'radio_buttons', selected_option: callList ? { value: callList } : null } },
    },
  });

describe('user settings (Web-SMS, call list, newsletter)', () => {
  it('lets a user open and save their own from App Home, audited', async () => {
    await t.press(slackPersonOf(ada), { type: 'button', action_id: 'home_settings', value: '' });
    const view = (await waitFor(() => t.slack.callsTo('views.open')[0])).args.view;
    expect(view.callback_id).toBe('user_settings');
    const callList = view.blocks.find((block: any) => block.block_id === 'callList').element;
    expect(callList.initial_option.value).toBe('complete');
    expect(await (await save(ada, ada.id, ['webSms', 'newsletter'], 'shortened')).text()).toBe('');
    expect(await t.db.user.findUniqueOrThrow({ where: { id: ada.id } })).toMatchObject({
      webSms: true,
      newsletter: true,
      callList: 'shortened',
    });
    expect(await t.db.auditEvent.count({ where: { action: 'user.settings_changed', targetId: ada.id } })).toBe(1);
  });

  it('lets an admin change anyone’s in scope from their card, and nobody else', async () => {
    expect(await (await save(admin, ada.id, [], 'none')).text()).toBe('');
    expect((await t.db.user.findUniqueOrThrow({ where: { id: ada.id } })).callList).toBe('none');
    expect(JSON.stringify((await (await save(ada, admin.id, [], 'none')).json()).view)).toContain(
      'needs the Admin privilege',
    );
    expect(JSON.stringify((await (await save(admin, outsider.id, [], 'none')).json()).view)).toContain(
      'no longer exists',
    );
  });

  it('refuses a call-list choice that is not one', async () => {
    const body = await (await save(ada, ada.id, [], 'everything')).json();
    expect(body.errors.callList).toContain('Choose how the call list shows numbers');
  });
});
