import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { requestAdmin } from '../../src/features/approvals/request-admin.ts';
import { denyModal, requestAdminModal } from '../../src/features/approvals/admin-rights.blocks.ts';
import { addCustomerModal, renameCustomerModal } from '../../src/features/companies/customers.blocks.ts';
import { locationModal } from '../../src/features/companies/locations.blocks.ts';
import type { CompanyChoices } from '../../src/features/companies/company-picker.blocks.ts';
import { inviteModal } from '../../src/features/invitations/invite-form.blocks.ts';
import { detailsStep, equipmentStep, telephonyStep } from '../../src/features/setup/setup-wizard.blocks.ts';
import { EMPTY_SETUP, type SetupState } from '../../src/features/setup/setup.rules.ts';
import type { SetupChoices } from '../../src/features/setup/setup-choices.ts';
import { addUserModal, editUserModal } from '../../src/features/users/add/user-form.blocks.ts';
import { resetPasswordModal } from '../../src/features/users/edit/reset-password.blocks.ts';
import { findUsersModal, ownDetailsModal } from '../../src/features/users/home/home.blocks.ts';
import { seedOrganization, seedUser, slackPersonOf, tableCounts } from '../support/fixtures.ts';
import { startTestApp, type TestApp } from '../support/harness.ts';
import type { SlackPerson, StateValues } from '../support/slack-requests.ts';
import { waitFor } from '../support/wait.ts';

// Every text input of every form declares its max_length, and the server holds it to that limit:
// max_length + 1 characters, submitted through a signed request with everything else valid, are
// refused on that field — and nothing changes in the database. The forms are rendered by their
// own builders (or, for the card's Change… form, opened through the real path); each is filled as
// a person would fill it, then one field at a time is made one character too long.

type Stored = Awaited<ReturnType<typeof seedUser>>;
let t: TestApp;
let acme: { id: string };
let west: { id: string };
let admin: Stored;
let hank: Stored;
let ada: Stored;
let pendingRequest: string;

beforeAll(async () => {
  t = await startTestApp();
  acme = await seedOrganization(t.db, 'Acme');
  west = await seedOrganization(t.db, 'West', acme.id);
  admin = await seedUser(t.db, acme.id, { admin: true, firstName: 'Grace', lastName: 'Hopper' });
  hank = await seedUser(t.db, acme.id, { admin: true, firstName: 'Hank', lastName: 'Approver' });
  ada = await seedUser(t.db, acme.id, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.example' });
  const settings = {
    notifyChannel: t.config.notifyChannel,
    defaultPhoneRegion: 'US',
    approvals: t.config.approvals,
    invitations: t.config.invitations,
    deviceFeeCents: t.config.deviceFeeCents,
  };
  pendingRequest = (
    await requestAdmin(t.db, settings, { userId: hank.id }, { target: { userId: ada.id }, reason: 'Lab' })
  ).id;
});
afterAll(() => t.stop());
beforeEach(() => t.resetSlack());

const choices: () => CompanyChoices = () => ({
  selected: { id: acme.id, path: 'Acme' },
  companies: [
    { id: acme.id, path: 'Acme' },
    { id: west.id, path: 'Acme › West' },
  ],
  totalCompanies: 2,
});
const setupChoices: SetupChoices = {
  company: 'Acme',
  stations: [],
  applications: [],
  devices: [],
  locations: [],
  groups: [],
  extensionDigits: 6,
  maxPorts: 64,
};
const validSetup = (): SetupState => ({
  details: {
    firstName: 'Sam',
    lastName: 'Setup',
    email: 'sam.setup@acme.example',
    loginId: 'sam.setup@acme.example',
    organizationId: acme.id,
  },
  telephony: { number: '', extension: '101', station: '', applications: [] },
  equipment: { deviceId: '', ports: '1', locationId: '' },
});

interface View {
  callback_id: string;
  private_metadata?: string;
  blocks: { type: string; block_id?: string; element?: Record<string, any> }[];
}

interface Form {
  /** The view as the app shows it. */
  view: () => Promise<View> | View;
  /** Valid text for its text inputs (block id → text); others are left empty. */
  typed: Record<string, string>;
  /** Who submits it (default: an admin). */
  as?: () => SlackPerson;
  /** One character too many for a field, when a run of "x" is not the way to say it. */
  tooLong?: Record<string, (length: number) => string>;
}

const digits = (length: number) => '1'.repeat(length);

/** Every form with text inputs the app shows. */
const FORMS: Record<string, Form> = {
  '/adduser': {
    view: () => addUserModal(choices()) as unknown as View,
    typed: {
      email: 'new.person@acme.example',
      passwordChoice: 'type',
      password: 'analytical-engine',
      passwordConfirmation: 'analytical-engine',
      firstName: 'New',
      lastName: 'Person',
      title: 'Engineer',
      officePhone: '+1 415 555 0100',
    },
    tooLong: { officePhone: digits, mobilePhone: digits, faxPhone: digits },
  },
  'edit user': {
    view: () =>
      editUserModal({
        userId: ada.id,
        version: ada.version,
        values: {
          email: ada.email,
          firstName: 'Ada',
          lastName: 'Lovelace',
          privileges: { active: true, admin: false, portalAccess: false },
        },
        ...choices(),
      }) as unknown as View,
    typed: { email: 'ada@acme.example', firstName: 'Ada', lastName: 'Lovelace' },
    tooLong: { officePhone: digits, mobilePhone: digits, faxPhone: digits },
  },
  'my details (App Home)': {
    view: () =>
      ownDetailsModal({
        email: ada.email,
        firstName: 'Ada',
        lastName: 'Lovelace',
        title: null,
        officePhone: null,
        mobilePhone: null,
        faxPhone: null,
        fullName: 'Ada Lovelace',
        company: 'Acme',
        version: ada.version,
      } as never) as unknown as View,
    typed: { firstName: 'Ada', lastName: 'Lovelace' },
    as: () => slackPersonOf(ada),
    tooLong: { officePhone: digits, mobilePhone: digits, faxPhone: digits },
  },
  'reset password': {
    view: () =>
      resetPasswordModal({ userId: ada.id, version: ada.version, fullName: 'Ada Lovelace' }) as unknown as View,
    typed: { passwordChoice: 'type', password: 'difference-engine', passwordConfirmation: 'difference-engine' },
  },
  'find users (App Home)': { view: () => findUsersModal() as unknown as View, typed: {} },
  '/requestadmin, /grantadmin': {
    view: () => requestAdminModal({ target: { userId: ada.id }, targetText: 'Ada Lovelace' }) as unknown as View,
    typed: { reason: 'Runs the lab', duration: '8 hours' },
  },
  'deny (approvals)': { view: () => denyModal(pendingRequest) as unknown as View, typed: { comment: 'Not now' } },
  'add customer company': { view: () => addCustomerModal(choices()) as unknown as View, typed: { name: 'New Co' } },
  'rename customer company': {
    view: () => renameCustomerModal({ id: west.id, name: 'West', path: 'Acme › West' }) as unknown as View,
    typed: { name: 'West Two' },
  },
  location: {
    view: () => locationModal(choices()) as unknown as View,
    typed: { name: 'Berlin office', address: 'Unter den Linden 1' },
  },
  '/inviteusers': {
    view: () => inviteModal(choices(), [], { rows: [{ email: '', license: false }] }) as unknown as View,
    typed: { row0: 'invited@acme.example' },
    tooLong: { row0: (length) => `${'x'.repeat(length - '@acme.example'.length)}@acme.example` },
  },
  '/setupuser step 1': {
    view: () => detailsStep({ ...EMPTY_SETUP }, choices()) as unknown as View,
    typed: { firstName: 'Sam', lastName: 'Setup', email: 'sam.setup@acme.example' },
  },
  '/setupuser step 2': {
    view: () => telephonyStep(validSetup(), setupChoices) as unknown as View,
    typed: { extension: '101' },
    tooLong: { extension: digits },
  },
  '/setupuser step 3': {
    view: () => equipmentStep(validSetup(), setupChoices) as unknown as View,
    typed: { ports: '1' },
    tooLong: { ports: digits },
  },
  'card: Change… extension': {
    async view() {
      await t.press(slackPersonOf(admin), {
        type: 'static_select',
        action_id: 'user_change',
        selected_option: { value: JSON.stringify({ id: ada.id, v: ada.version, what: 'extension' }) },
      });
      return (await waitFor(() => t.slack.callsTo('views.open')[0])).args.view as unknown as View;
    },
    typed: { field: '' },
    tooLong: { field: digits },
  },
};

/** The state Slack sends for `view` filled with `typed`: selects and checkboxes as first shown, radio buttons as typed (their value) or first shown. */
function stateOf(view: View, typed: Record<string, string>): StateValues {
  const state: StateValues = {};
  for (const block of view.blocks) {
    if (block.type !== 'input' || !block.block_id || !block.element) continue;
    const element = block.element;
    const value: Record<string, unknown> = { type: element.type };
    if (element.type === 'plain_text_input' || element.type === 'email_text_input')
      value.value = typed[block.block_id] || null;
    else if (element.type === 'static_select' || element.type === 'external_select')
      value.selected_option = element.initial_option ?? null;
    else if (element.type === 'checkboxes' || element.type === 'multi_static_select')
      value.selected_options = element.initial_options ?? [];
    else if (element.type === 'radio_buttons')
      value.selected_option =
        element.options.find((option: { value: string }) => option.value === typed[block.block_id!]) ??
        element.initial_option ??
        null;
    else if (element.type === 'file_input') value.files = [];
    state[block.block_id] = { [element.action_id]: value };
  }
  return state;
}

/** What a refused request must leave as it was. */
async function snapshot() {
  return {
    counts: await tableCounts(t.db),
    users: await t.db.user.findMany({
      orderBy: { id: 'asc' },
      select: { id: true, version: true, passwordHash: true },
    }),
    companies: await t.db.organization.findMany({ orderBy: { id: 'asc' }, select: { id: true, name: true } }),
    requests: await t.db.adminRequest.findMany({ orderBy: { id: 'asc' }, select: { id: true, status: true } }),
  };
}

describe.each(Object.entries(FORMS))('%s', (_, form) => {
  it('declares a max_length on every text input; one character more is refused on that field, changing nothing', async () => {
    const view = await form.view();
    const inputs = view.blocks.filter((block) => block.element?.type === 'plain_text_input');
    expect(inputs.length).toBeGreaterThan(0);
    for (const input of inputs) {
      const blockId = input.block_id!;
      const max = input.element!.max_length as number | undefined;
      expect(max, `${blockId} declares max_length`).toBeGreaterThan(0);
      const tooLong = (form.tooLong?.[blockId] ?? ((length: number) => 'x'.repeat(length)))(max! + 1);
      expect([...tooLong]).toHaveLength(max! + 1);
      const before = await snapshot();
      const response = await t.submitView(form.as?.() ?? slackPersonOf(admin), {
        callbackId: view.callback_id,
        privateMetadata: view.private_metadata,
        values: stateOf(view, { ...form.typed, [blockId]: tooLong }),
      });
      expect(response.status).toBe(200);
      const answer = await response.json();
      expect(answer.response_action, `${blockId}: ${JSON.stringify(answer)}`).toBe('errors');
      expect(Object.keys(answer.errors), `${blockId}: ${JSON.stringify(answer.errors)}`).toEqual([blockId]);
      expect(await snapshot()).toEqual(before);
    }
  });
});
