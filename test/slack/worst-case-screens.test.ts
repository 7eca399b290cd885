// Every Block Kit builder, rendered with the longest values the app accepts and with every
// optional value empty, must give a screen Slack accepts (test/support/block-kit-limits.ts).
// The maxima come from the app's own rules, and the fixtures are checked against those rules
// first, so this test fails when a rule is loosened without the screens following.
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_PORTS, normalizeMac } from '../../src/features/telephony/devices.rules.ts';
import { MAX_EXTENSION_DIGITS } from '../../src/features/telephony/extensions.rules.ts';
import { MAX_INVITE_ROWS } from '../../src/features/invitations/invitations.rules.ts';
import {
  MAX_COMMENT_LENGTH,
  MAX_REASON_LENGTH,
  type AdminRequestStatus,
} from '../../src/features/approvals/admin-requests.rules.ts';
import { organizationNameSchema } from '../../src/features/companies/companies.rules.ts';
import { EMPTY_SETUP, type SetupState } from '../../src/features/setup/setup.rules.ts';
import { emailSchema, fullName, nameSchema } from '../../src/core/users.rules.ts';
import { LIST_PAGE_SIZE } from '../../src/core/lists.rules.ts';
import { formatPhone } from '../../src/core/phone.rules.ts';
import { PAGE_SIZE } from '../../src/features/users/directory/query.rules.ts';
import type { ApprovalsOverview, RequestLine } from '../../src/features/approvals/list-approvals.ts';
import { AUDIT_PAGE_SIZE, type AuditEntry, type AuditPage } from '../../src/features/audit/audit-log.ts';
import type { CompanyNode } from '../../src/features/companies/customers.ts';
import type { UserCard, UserPage, UserSummary } from '../../src/features/users/directory/directory.ts';
import type { ExtensionOverview } from '../../src/features/telephony/extensions.ts';
import type { HomeOverview, OwnDetails } from '../../src/features/users/home/home.ts';
import { INVALID_NAMED, type InvitePreview } from '../../src/features/invitations/invitation-import.ts';
import type { InvitationLine } from '../../src/features/invitations/invitations.ts';
import type { LicenseLine } from '../../src/features/licenses/licenses.ts';
import type { LocationLine } from '../../src/features/companies/locations.ts';
import type { CompanyOption } from '../../src/core/scope.ts';
import type { SetupChoices } from '../../src/features/setup/setup-choices.ts';
import { approvalsMessage, denyModal, requestAdminModal } from '../../src/features/approvals/admin-rights.blocks.ts';
import { auditMessage } from '../../src/features/audit/audit.blocks.ts';
import { AUDIT_ACTION_WORDS, valueWords } from '../../src/features/audit/audit-words.rules.ts';
import { escapeFit, fit, fitMrkdwn, fitStart, joinFitted, packLines } from '../../src/slack/fit.ts';
import { CHANGEABLE, cardChangeModal } from '../../src/features/users/card/card-changes.blocks.ts';
import {
  addCustomerModal,
  customerTreeMessage,
  renameCustomerModal,
} from '../../src/features/companies/customers.blocks.ts';
import {
  findResultsModal,
  findUsersModal,
  homeView,
  ownDetailsModal,
  refusalHomeView,
} from '../../src/features/users/home/home.blocks.ts';
import {
  fileRefusedMessage,
  importDoneMessage,
  importFailedMessage,
  importPreviewMessage,
  importProgressMessage,
  invitesMessage,
} from '../../src/features/invitations/invitations.blocks.ts';
import { inviteModal } from '../../src/features/invitations/invite-form.blocks.ts';
import { licensesMessage } from '../../src/features/licenses/licenses.blocks.ts';
import { locationModal, locationsMessage } from '../../src/features/companies/locations.blocks.ts';
import { renderNotice, type Notice } from '../../src/slack/notices.blocks.ts';
import { channelsModal } from '../../src/features/workspaces/channels.blocks.ts';
import { renderDigest } from '../../src/slack/notice-digest.blocks.ts';
import { assignNumberModal, numberOptions } from '../../src/features/telephony/number-picker.blocks.ts';
import { generatedPasswordModal, resetPasswordModal } from '../../src/features/users/edit/reset-password.blocks.ts';
import { detailsStep, equipmentStep, telephonyStep } from '../../src/features/setup/setup-wizard.blocks.ts';
import {
  deviceFeeQuestion,
  devicesMessage,
  extensionsMessage,
  poolMessage,
} from '../../src/features/telephony/telephony.blocks.ts';
import { userCardMessage } from '../../src/features/users/card/user-card.blocks.ts';
import { addUserModal, editUserModal } from '../../src/features/users/add/user-form.blocks.ts';
import { editSavedMessage } from '../../src/features/users/edit/edit-saved.blocks.ts';
import {
  companyOptions,
  STATIC_SELECT_LIMIT,
  type CompanyChoices,
} from '../../src/features/companies/company-picker.blocks.ts';
import { messageModal } from '../../src/slack/modals.blocks.ts';
import { userListMessage } from '../../src/features/users/directory/user-list.blocks.ts';
import { userSettingsModal } from '../../src/features/telephony/user-settings.blocks.ts';
import { checkMessage, checkOptionsResponse, checkView as checkViewLimits } from '../support/block-kit-limits.ts';

/**
 * A view held to Slack's limits, and one more rule of ours: every plain_text_input declares its
 * max_length (the server enforces the same limit: test/slack/text-limits.test.ts).
 */
function checkView(view: unknown): string[] {
  const problems = checkViewLimits(view);
  const inputs = (view as { blocks?: { type: string; block_id?: string; element?: Record<string, unknown> }[] }).blocks;
  for (const block of inputs ?? []) {
    if (block.type === 'input' && block.element?.type === 'plain_text_input' && block.element.max_length === undefined)
      problems.push(`input ${block.block_id}: a plain_text_input without max_length`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
/** The longest words an audit action has. */
const longestActionWords = Object.values(AUDIT_ACTION_WORDS).reduce((a, b) => (b.length > a.length ? b : a));

// The maxima, each from the rule that sets it.

/** First and last name, title, company name: nameSchema / organizationNameSchema (code points). */
const NAME_MAX = 100;
/** emailSchema. */
const EMAIL_MAX = 254;
/** Location name (features/companies/locations.ts checkFields), counted in UTF-16 units: no emoji here. */
const LOCATION_MAX = 100;
const ADDRESS_MAX = 300;
/** Product / station package and call group names (features/licenses/licenses.ts, features/telephony/call-groups.ts). */
const PRODUCT_MAX = 60;
const GROUP_MAX = 60;
/** Application names (features/telephony/applications.ts). */
const APPLICATION_MAX = 30;
/** A device's model (features/telephony/devices.ts). */
const MODEL_MAX = 60;
/** Reason of an admin-rights request and the Deny form's comment (features/approvals/admin-requests.rules.ts). */
const REASON_MAX = MAX_REASON_LENGTH;
const COMMENT_MAX = MAX_COMMENT_LENGTH;
/** APPROVALS_REQUIRED is 1–10 (config.ts), so a request names at most 10 approvers. */
const APPROVERS_MAX = 10;
/** No rule caps these; a realistic large number, which the builders must cope with. */
const HELD_MAX = 50; // numbers, devices, licenses, applications, call groups of one user
const COMPANY_DEPTH = 6; // reseller › customer › … : paths grow with depth
const MANY = 1000; // companies, locations, extensions taken, invitations, expired ones…
/** Slack file names and free text typed into a command: Slack caps neither below this. */
const TYPED_MAX = 3000;

// The characters values are made of, twice over: characters that count once but are wide in
// UTF-16 (emoji) or in mrkdwn (& < > are escaped to &amp; &lt; &gt;), so that limits counted in
// characters are hit at their hardest; and nothing but '&', which mrkdwn makes five times longer.
// `bmp`: for rules that count UTF-16 units (String.length), no emoji.
const MODES = {
  'non-ASCII, emoji and characters mrkdwn escapes': { wide: 'Ä&😀<&>&', bmp: 'Ä&<&>&ß' },
  'nothing but ampersands': { wide: '&', bmp: '&' },
};
let mode = Object.values(MODES)[0]!;
const bmp = () => mode.bmp;

/** Exactly `count` characters (code points) cycling through `pattern`, starting with `start`. */
function text(count: number, start = 'X', pattern = mode.wide): string {
  const points = [...start];
  const cycle = [...pattern];
  for (let i = 0; points.length < count; i++) points.push(cycle[i % cycle.length]!);
  return points.slice(0, count).join('');
}

/** A valid email of exactly 254 characters, different for each `n`. */
function email(n: number | string = 0): string {
  const domain = '@mail.example-company.com';
  const head = `anne-marie.o'neill+${n}.`;
  return head + 'x'.repeat(EMAIL_MAX - head.length - domain.length) + domain;
}

const chars = (value: string) => [...value].length;
const firstName = (n = 0) => text(NAME_MAX, `F${n}`);
const lastName = (n = 0) => text(NAME_MAX, `L${n}`);
const company = (n = 0) => text(NAME_MAX, `C${n} `);
/** A company path COMPANY_DEPTH levels deep, every name 100 characters: "A › B › C …". */
const companyPath = (n = 0) => Array.from({ length: COMPANY_DEPTH }, (_, level) => company(n * 10 + level)).join(' › ');
const person = (n = 0) => ({ fullName: `${firstName(n)} ${lastName(n)}`, email: email(n) });
const userLabel = (n = 0) => `${person(n).fullName} <${email(n)}>`;
/** A person as lists name them (personName): "Name (email)". */
const personLine = (n = 0) => `${person(n).fullName} (${email(n)})`;
const product = (n = 0) => text(PRODUCT_MAX, `P${n}`, bmp());
const group = (n = 0) => text(GROUP_MAX, `G${n}`, bmp());
const application = (n = 0) => text(APPLICATION_MAX, `A${n}`, bmp());
const location = (n = 0) => text(LOCATION_MAX, `Loc${n}`, bmp());
const address = (n = 0) => text(ADDRESS_MAX, `Street ${n}`, bmp());
const mac = (n = 0) =>
  `02:1A:2B:3C:${String(Math.floor(n / 100) % 100).padStart(2, '0')}:${String(n % 100).padStart(2, '0')}`;
const deviceLabel = (n = 0) => `VoIP phone ${mac(n)} (${text(MODEL_MAX, `M${n}`, bmp())}, ${MAX_PORTS} ports)`;
const number = (n = 0) => `+4930123${String(4500 + n).padStart(6, '0')}`;
const uuid = (n = 0) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const slackId = (n = 0) => `U${String(n).padStart(10, '0')}`;
const range = (count: number) => Array.from({ length: count }, (_, i) => i);
const at = new Date('2026-11-05T10:30:00Z');

/** Every type of the Notice union (src/slack/notices.blocks.ts): the compiler says when one is missing. */
const NOTICE_TYPES: Record<Notice['type'], true> = {
  'user.added': true,
  'user.deactivated': true,
  'user.reactivated': true,
  'user.deleted': true,
  'user.admin_removed': true,
  'user.admin_granted': true,
  'user.slack_linked': true,
  'user.slack_unlinked': true,
  'user.edited': true,
  'user.email_confirmation': true,
  'user.email_changed': true,
  'user.password_reset': true,
  'organization.created': true,
  'organization.renamed': true,
  admin_request: true,
  'admin_request.update': true,
  'admin_grant.ended': true,
  'licenses.added': true,
  'license.assigned': true,
  'license.revoked': true,
  'location.added': true,
  'location.changed': true,
  'location.removed': true,
  'location.assigned': true,
  'invitation.created': true,
  'invitation.resent': true,
  'invitation.revoked': true,
  'invitation.accepted': true,
  'invitation.declined': true,
  'invitation.offer': true,
  'invitations.expired': true,
  'invitations.imported': true,
  'numbers.added': true,
  'device.added': true,
  'number.assigned': true,
  'number.unassigned': true,
  'device.assigned': true,
  'device.unassigned': true,
  'user.set_up': true,
  'workspace.channels_chosen': true,
};

for (const [name, values] of Object.entries(MODES)) {
  describe(`values of ${name}`, () => {
    mode = values; // for the tables built now
    beforeEach(() => {
      mode = values; // for the tests run later
    });

    describe('the worst-case fixtures are what the app accepts', () => {
      it('names, emails, companies and titles are at their maxima and pass the app’s own rules', () => {
        for (const value of [firstName(), lastName(), text(NAME_MAX, 'Title ')]) {
          expect(chars(value)).toBe(NAME_MAX);
          expect(nameSchema('name').parse(value)).toBe(value);
          expect(value).toContain([...values.wide][0]);
        }
        expect(chars(email())).toBe(EMAIL_MAX);
        expect(emailSchema.parse(email())).toBe(email());
        expect(chars(company())).toBe(NAME_MAX);
        expect(organizationNameSchema.parse(company())).toBe(company());
        expect(chars(companyPath())).toBeGreaterThan(600);
        expect(normalizeMac(mac(99)).ok).toBe(true);
        expect(fullName({ firstName: firstName(), lastName: lastName() })).toBe(person().fullName);
      });

      it('names by UTF-16 length (locations, products, groups, applications, models) are at theirs', () => {
        expect(location().length).toBe(LOCATION_MAX);
        expect(address().length).toBe(ADDRESS_MAX);
        expect(product().length).toBe(PRODUCT_MAX);
        expect(group().length).toBe(GROUP_MAX);
        expect(application()).not.toMatch(/[,\n]/);
        expect(application().length).toBe(APPLICATION_MAX);
        expect(text(REASON_MAX, 'R', bmp()).length).toBe(REASON_MAX);
      });
    });

    // ---------------------------------------------------------------------------------------------
    // Inputs of the builders, worst case and empty case.

    function summary(n: number, extra: Partial<UserSummary> = {}): UserSummary {
      return {
        id: uuid(n),
        fullName: person(n).fullName,
        email: email(n),
        company: company(n),
        active: true,
        admin: true,
        portalAccess: true,
        invited: false,
        ...extra,
      };
    }

    function worstCard(extra: Partial<UserCard> = {}): UserCard {
      return {
        ...summary(1),
        firstName: firstName(1),
        lastName: lastName(1),
        version: 2_147_483_647,
        organizationId: uuid(900),
        loginId: email('login'),
        pendingEmail: email('pending'),
        title: text(NAME_MAX, 'Title '),
        officePhone: number(1),
        mobilePhone: number(2),
        faxPhone: number(3),
        companyPath: companyPath(1),
        slackUserId: slackId(1),
        createdAt: at,
        updatedAt: at,
        deactivatedAt: null,
        deactivatedBy: null,
        recentChanges: range(5).map((n) => ({ at, action: 'user.applications_changed', actor: person(n) })),
        licenses: range(HELD_MAX).map(product),
        location: location(),
        extension: '9'.repeat(MAX_EXTENSION_DIGITS),
        numbers: range(HELD_MAX).map(number),
        devices: range(HELD_MAX).map(deviceLabel),
        station: product(99),
        applications: range(HELD_MAX).map(application),
        groups: range(HELD_MAX).map(group),
        invitation: null,
        // The longest password line: not set, a link sent by Slack DM (two dates).
        password: { set: false, link: { sentAt: at, deliveredVia: 'slack', expiresAt: at, expired: false } },
        canManage: true,
        ...extra,
      };
    }

    function emptyCard(extra: Partial<UserCard> = {}): UserCard {
      return {
        id: uuid(2),
        fullName: 'A B',
        email: 'a@b.co',
        company: 'C',
        active: false,
        admin: false,
        portalAccess: false,
        invited: false,
        firstName: 'A',
        lastName: 'B',
        version: 0,
        organizationId: uuid(901),
        loginId: null,
        pendingEmail: null,
        title: null,
        officePhone: null,
        mobilePhone: null,
        faxPhone: null,
        companyPath: 'C',
        slackUserId: null,
        createdAt: at,
        updatedAt: at,
        deactivatedAt: null,
        deactivatedBy: null,
        recentChanges: [],
        licenses: [],
        location: null,
        extension: null,
        numbers: [],
        devices: [],
        station: null,
        applications: [],
        groups: [],
        invitation: null,
        password: { set: true },
        canManage: false,
        ...extra,
      };
    }

    const companies = (count: number): CompanyOption[] =>
      range(count).map((n) => ({ id: uuid(n), path: companyPath(n) }));
    const choicesOf = (count: number): CompanyChoices => {
      const all = companies(count);
      return {
        selected: all[all.length - 1]!,
        companies: all.slice(0, STATIC_SELECT_LIMIT),
        totalCompanies: count,
      };
    };
    const oneCompany: CompanyChoices = { selected: { id: uuid(0), path: 'C' }, companies: [], totalCompanies: 1 };
    oneCompany.companies.push(oneCompany.selected);

    function userPage(count: number, extra: Partial<UserPage> = {}): UserPage {
      return {
        query: { text: text(TYPED_MAX, 'q'), company: company(), status: 'deactivated', adminsOnly: true },
        users: range(count).map((n) =>
          summary(n, n % 3 === 0 ? { invited: true } : n % 3 === 1 ? { active: false } : {}),
        ),
        next: 'x'.repeat(200),
        previous: 'y'.repeat(200),
        from: 999_951,
        total: 1_000_000,
        ...extra,
      };
    }

    function auditEntry(n: number): AuditEntry {
      const values = [
        range(HELD_MAX).map(application),
        text(NAME_MAX),
        email(n),
        { nested: companyPath(n) },
        null,
        '',
        range(HELD_MAX).map(group),
        companyPath(n),
      ];
      return {
        id: BigInt(n),
        at,
        actor: person(n),
        action: 'admin_grant.kept',
        what: longestActionWords,
        target: n % 2 ? person(n) : { fullName: companyPath(n), email: null },
        changes: [
          ...values.map((value, i) => ({
            field: text(40, `field${i}`),
            before: valueWords('applications', value),
            after: valueWords('applications', values.at(-1 - i)),
          })),
          // A Slack account changed: both shown as mentions.
          { field: 'Slack account', before: slackId(n), after: slackId(n + 1), slackUsers: true as const },
        ],
      };
    }

    const me = (extra: Partial<OwnDetails> = {}): OwnDetails => ({
      id: uuid(1),
      version: 2_147_483_647,
      email: email(1),
      firstName: firstName(1),
      lastName: lastName(1),
      fullName: person(1).fullName,
      title: text(NAME_MAX, 'Title '),
      officePhone: number(1),
      mobilePhone: number(2),
      faxPhone: number(3),
      company: company(1),
      ...extra,
    });
    const emptyMe: OwnDetails = {
      id: uuid(1),
      version: 0,
      email: 'a@b.co',
      firstName: '',
      lastName: '',
      fullName: 'a@b.co',
      title: null,
      officePhone: null,
      mobilePhone: null,
      faxPhone: null,
      company: 'C',
    };

    function requestLine(n: number, status: AdminRequestStatus = 'pending'): RequestLine {
      return {
        id: uuid(n),
        target: userLabel(n),
        company: company(n),
        reason: text(REASON_MAX, 'R', bmp()),
        requester: { fullName: `${firstName(n + 1)} ${lastName(n + 1)}`, email: email(n + 1), slackUserId: null },
        grantMinutes: 60 * 24 * 365,
        given: APPROVERS_MAX - 1,
        required: APPROVERS_MAX,
        status,
        expiresAt: at,
      };
    }

    const setupChoices = (count: number): SetupChoices => ({
      company: companyPath(),
      stations: range(count).map((n) => ({ name: product(n), free: 100_000 })),
      applications: range(count).map(application),
      devices: range(count).map((n) => ({ id: uuid(n), label: deviceLabel(n), address: mac(n) })),
      locations: range(count).map((n) => ({ id: uuid(n), name: location(n) })),
      groups: range(count).map(group),
      extensionDigits: MAX_EXTENSION_DIGITS,
      maxPorts: MAX_PORTS,
    });
    const noChoices: SetupChoices = {
      company: 'C',
      stations: [],
      applications: [],
      devices: [],
      locations: [],
      groups: [],
      extensionDigits: 1,
      maxPorts: 1,
    };

    /** The wizard's state as typed at its longest (each step checked before the next). */
    const worstSetup: SetupState = {
      details: {
        firstName: firstName(),
        lastName: lastName(),
        email: email(),
        loginId: email('login'),
        organizationId: uuid(5),
      },
      telephony: {
        number: number(),
        extension: '9'.repeat(MAX_EXTENSION_DIGITS),
        station: product(),
        applications: range(HELD_MAX).map(application),
      },
      equipment: { deviceId: uuid(7), ports: String(MAX_PORTS), locationId: uuid(8) },
    };

    // ---------------------------------------------------------------------------------------------

    describe('user screens', () => {
      const cards: [string, UserCard, string?][] = [
        ['an active admin with a pending email, holding the most', worstCard()],
        [
          'someone invited, holding the most',
          worstCard({
            invited: true,
            active: false,
            admin: false,
            invitation: { status: 'sent', expiresAt: at, deliveredVia: 'email' },
          }),
        ],
        [
          'a deactivated user, with a note',
          worstCard({ active: false, admin: false, deactivatedAt: at, deactivatedBy: person(9), pendingEmail: null }),
          `Someone else changed ${person(1).fullName} (${email(1)}) meanwhile; this is the user as they are now.`,
        ],
        ['every optional value empty, seen without Admin', emptyCard()],
        ['every optional value empty, seen by an Admin', emptyCard({ canManage: true, active: true })],
      ];
      it.each(cards)('user card (/users <email>): %s', (_, card, note) => {
        expect(checkMessage(userCardMessage(card, note), 'response_url')).toEqual([]);
      });

      it(`user list (/users): a page of ${PAGE_SIZE} users with the longest names, emails and companies, and a long search`, () => {
        expect(checkMessage(userListMessage(userPage(PAGE_SIZE)), 'response_url')).toEqual([]);
      });

      it('user list (/users): no user found; and one user with no filters', () => {
        expect(checkMessage(userListMessage(userPage(0)))).toEqual([]);
        const plain = userPage(1, { query: { text: '', adminsOnly: false }, next: undefined, previous: undefined });
        expect(checkMessage(userListMessage(plain))).toEqual([]);
      });

      it(`Add user form (/adduser): ${STATIC_SELECT_LIMIT} companies with deep paths (static select), a 254-character email`, () => {
        expect(checkView(addUserModal({ prefillEmail: email(), ...choicesOf(STATIC_SELECT_LIMIT) }))).toEqual([]);
      });

      it('Add user form (/adduser): more companies than a static select holds (searched), and no email', () => {
        expect(checkView(addUserModal({ ...choicesOf(STATIC_SELECT_LIMIT + 1) }))).toEqual([]);
        expect(checkView(addUserModal(oneCompany))).toEqual([]);
      });

      it(`company picker search answer: ${MANY} deep company paths found; none`, () => {
        expect(checkOptionsResponse(companyOptions(companies(MANY)))).toEqual([]);
        expect(checkOptionsResponse(companyOptions([]))).toEqual([]);
      });

      const profile = {
        email: email(),
        firstName: firstName(),
        lastName: lastName(),
        title: text(NAME_MAX, 'Title '),
        officePhone: number(1),
        mobilePhone: number(2),
        faxPhone: number(3),
        privileges: { active: true, admin: true, portalAccess: true },
      };
      it('Edit user form: every field at its longest, with a notice; and every optional field empty', () => {
        const notice = `Someone else saved ${person().fullName} (${email()}) meanwhile. These are their values now.`;
        const worst = editUserModal({
          userId: uuid(),
          version: 2_147_483_647,
          values: { ...profile, slackUserId: slackId(1) },
          notice,
          // The longest response_url the form's metadata keeps (edit-user.slack.ts reads at most 500).
          responseUrl: `https://hooks.slack.com/actions/${'x'.repeat(500 - 32)}`,
          ...choicesOf(100),
        });
        expect(checkView(worst)).toEqual([]);
        const empty = editUserModal({
          userId: uuid(),
          version: 0,
          values: {
            email: 'a@b.co',
            firstName: 'A',
            lastName: 'B',
            privileges: { active: false, admin: false, portalAccess: false },
          },
          ...oneCompany,
        });
        expect(checkView(empty)).toEqual([]);
      });

      it('the list of what Edit changed: every field, old and new at their longest', () => {
        const longest = [firstName(), lastName(), text(NAME_MAX, 'Title '), number(1), number(2), number(3)];
        const changes = [
          ...['First name', 'Last name', 'Title', 'Office number', 'Cellular number', 'Fax number'].map((label, n) => ({
            label,
            before: longest[n]!,
            after: longest[(n + 1) % longest.length]!,
          })),
          { label: 'Company', before: company(1), after: company(2) },
          ...['Active', 'Admin', 'Portal Access'].map((label) => ({ label, before: 'yes', after: 'no' })),
          { label: 'Email (awaiting confirmation)', before: null, after: email(1) },
          { label: 'Slack account', before: slackId(1), after: slackId(2), slack: true as const },
        ];
        expect(checkMessage(editSavedMessage(person(), changes), 'response_url')).toEqual([]);
        expect(checkMessage(editSavedMessage(person(), changes), 'chat.postMessage')).toEqual([]);
        expect(checkMessage(editSavedMessage({ fullName: 'A', email: 'a@b.co' }, []), 'response_url')).toEqual([]);
      });

      it('a modal that only says something (refusals): a long message naming a user', () => {
        const message = `${person().fullName} (${email()}) of ${companyPath()} can’t be changed: ${text(500)}`;
        expect(checkView(messageModal('Can’t add user', message))).toEqual([]);
      });

      it('Reset password form and the generated password: the longest name', () => {
        expect(
          checkView(
            resetPasswordModal({
              userId: uuid(),
              version: 2_147_483_647,
              fullName: person().fullName,
              email: email(),
              slackUserId: null,
            }),
          ),
        ).toEqual([]);
        expect(checkView(generatedPasswordModal(person().fullName, 'x'.repeat(200)))).toEqual([]);
      });

      it('Settings form: the longest name, every setting on; and every setting off', () => {
        const settings = { webSms: true, newsletter: true, callList: 'shortened' as const };
        expect(checkView(userSettingsModal({ userId: uuid(), fullName: person().fullName, settings }))).toEqual([]);
        const off = { webSms: false, newsletter: false, callList: 'none' as const };
        expect(checkView(userSettingsModal({ userId: uuid(), fullName: 'A', settings: off }))).toEqual([]);
      });

      it.each(CHANGEABLE)('card change form (Change… › %s): the most choices and the longest names', (what) => {
        const card = worstCard({ devices: range(HELD_MAX).map(deviceLabel) });
        const extensions: ExtensionOverview = {
          company: companyPath(),
          policy: { min: 1, max: MAX_EXTENSION_DIGITS },
          companyName: company(),
          taken: range(LIST_PAGE_SIZE).map((n) => ({ extension: String(1000000000 + n), user: userLabel(n) })),
          total: MANY,
          offset: 0,
          nextFree: '9'.repeat(MAX_EXTENSION_DIGITS),
        };
        const view = cardChangeModal({ what, card, choices: setupChoices(150), extensions, feeCents: 99_999_99 });
        expect(checkView(view)).toEqual([]);
      });

      it.each(CHANGEABLE)('card change form (Change… › %s): nothing to choose, nothing held', (what) => {
        const extensions: ExtensionOverview = {
          company: 'C',
          companyName: 'C',
          policy: { min: 3, max: 6 },
          taken: [],
          total: 0,
          offset: 0,
          nextFree: undefined,
        };
        const view = cardChangeModal({ what, card: emptyCard(), choices: noChoices, extensions, feeCents: 0 });
        expect(checkView(view)).toEqual([]);
      });

      it('Assign number form and its search answer: the longest names, 100 numbers', () => {
        expect(checkView(assignNumberModal({ ...worstCard(), company: companyPath() }))).toEqual([]);
        expect(checkOptionsResponse(numberOptions(range(MANY).map(number)))).toEqual([]);
        expect(checkOptionsResponse(numberOptions([]))).toEqual([]);
      });
    });

    describe('companies, audit and App Home', () => {
      const tree = (count: number): CompanyNode[] =>
        range(count).map((n) => ({
          id: uuid(n),
          name: company(n),
          path: companyPath(n),
          depth: n % COMPANY_DEPTH,
          activeUsers: 1_000_000,
          deactivatedUsers: 1_000_000,
          invitedUsers: 1_000_000,
        }));
      it(`customer tree (/customers): ${MANY} companies with the longest names, nested ${COMPANY_DEPTH} deep, for an Admin`, () => {
        expect(checkMessage(customerTreeMessage(tree(MANY), true))).toEqual([]);
        expect(checkMessage(customerTreeMessage(tree(MANY), false))).toEqual([]);
      });

      it('customer tree (/customers): one company with no users', () => {
        const one = [
          { id: uuid(), name: 'C', path: 'C', depth: 0, activeUsers: 0, deactivatedUsers: 0, invitedUsers: 0 },
        ];
        expect(checkMessage(customerTreeMessage(one, true))).toEqual([]);
      });

      it('Add customer company and Rename company forms: deep paths', () => {
        expect(checkView(addCustomerModal(choicesOf(100)))).toEqual([]);
        expect(checkView(addCustomerModal(oneCompany))).toEqual([]);
        expect(checkView(renameCustomerModal({ id: uuid(), name: company(), path: companyPath() }))).toEqual([]);
      });

      it(`audit (/audit): a page of ${AUDIT_PAGE_SIZE} entries with the longest labels and many changed fields`, () => {
        const page: AuditPage = {
          about: email(),
          entries: range(AUDIT_PAGE_SIZE).map(auditEntry),
          from: 999_999_999_981,
          total: 9_999_999_999_999,
          olderThan: '9'.repeat(19),
        };
        expect(checkMessage(auditMessage(page), 'response_url')).toEqual([]);
      });

      it('audit (/audit): nothing yet; and an entry with no changes', () => {
        expect(checkMessage(auditMessage({ about: '', entries: [] }))).toEqual([]);
        const entry = { ...auditEntry(0), changes: [] };
        expect(checkMessage(auditMessage({ about: '', entries: [entry] }))).toEqual([]);
      });

      const directory = (extra: Partial<Extract<HomeOverview, { kind: 'directory' }>> = {}): HomeOverview => ({
        kind: 'directory',
        canManage: true,
        activeUsers: 1_000_000,
        deactivatedUsers: 1_000_000,
        addedThisWeek: 1_000_000,
        recentChanges: range(10).map(auditEntry),
        failedNotices: {
          count: 1_000_000,
          latest: range(3).map(() => ({
            at,
            workspace: `T${text(30, '&')}`,
            destination: 'C0123456789',
            error: `Slack said ${text(300, 'e')}`,
          })),
        },
        heldNotices: range(5).map((i) => ({
          workspace: i === 0 ? '' : `T${text(30, '&')}`,
          name: text(300, '<'),
          count: 1_000_000,
          reason: `Slack said ${text(300, 'e')}`,
        })),
        me: me(),
        ...extra,
      });
      it('App Home for an admin of the top company: 10 changes with the longest labels, refused notices', () => {
        expect(checkView(homeView(directory()))).toEqual([]);
      });

      it('App Home: an admin with nothing yet; someone with only their own details; someone without a first name', () => {
        expect(
          checkView(
            homeView(directory({ recentChanges: [], failedNotices: undefined, heldNotices: undefined, me: emptyMe })),
          ),
        ).toEqual([]);
        expect(checkView(homeView({ kind: 'self', me: me() }))).toEqual([]);
        expect(checkView(homeView({ kind: 'self', me: emptyMe }))).toEqual([]);
        expect(checkView(homeView({ kind: 'self', me: me({ firstName: '', fullName: email() }) }))).toEqual([]);
      });

      it('the channels form (/switchboard settings): a long workspace name, the deepest company, every channel chosen; and all defaults', () => {
        const chosen = { confirmations: 'C0123456789', approvals: 'G0123456789', invitations: 'C9876543210' };
        const defaults = { confirmations: 'C0NOTIFY0000', approvals: 'C0APPROVALS0', invitations: 'C0INVITES000' };
        expect(
          checkView(
            channelsModal({ teamId: 'T0123456789', name: text(1000, 'W'), company: companyPath(), chosen, defaults }),
          ),
        ).toEqual([]);
        const none = { confirmations: null, approvals: null, invitations: null };
        expect(checkView(channelsModal({ teamId: '', name: null, company: null, chosen: none, defaults }))).toEqual([]);
      });

      it('App Home refused: a long reason', () => {
        expect(
          checkView(
            refusalHomeView(`Your Switchboard user (${email()}) is deactivated. Ask an admin of ${company()}.`),
          ),
        ).toEqual([]);
      });

      it(`Find users and its results: ${PAGE_SIZE} users with the longest values; none found`, () => {
        expect(checkView(findUsersModal())).toEqual([]);
        expect(checkView(findResultsModal(userPage(PAGE_SIZE)))).toEqual([]);
        expect(checkView(findResultsModal(userPage(0, { next: undefined })))).toEqual([]);
      });

      it('My details form: every field at its longest; every optional field empty', () => {
        expect(checkView(ownDetailsModal(me()))).toEqual([]);
        expect(checkView(ownDetailsModal(emptyMe))).toEqual([]);
      });
    });

    describe('admin rights', () => {
      it('Request admin rights form: the longest name and email, a reason of the most characters', () => {
        const view = requestAdminModal({
          target: { userId: uuid() },
          targetText: `${person().fullName} (${email()})`,
          reason: text(REASON_MAX, 'R', bmp()),
          duration: text(100, '8 hours'),
        });
        expect(checkView(view)).toEqual([]);
        expect(checkView(requestAdminModal({ target: { userId: uuid() }, targetText: 'A' }))).toEqual([]);
        expect(checkView(denyModal(uuid()))).toEqual([]);
      });

      it('approvals (/approvals): the most requests to decide and of one’s own, with the longest values', () => {
        const overview: ApprovalsOverview = {
          toDecide: range(30).map((n) => requestLine(n)),
          mine: range(10).map((n) => requestLine(n, n % 2 ? 'pending' : 'denied')),
          grants: range(5).map((n) => ({ id: uuid(n), endsAt: at })),
        };
        expect(checkMessage(approvalsMessage(overview), 'response_url')).toEqual([]);
        expect(checkMessage(approvalsMessage({ toDecide: [], mine: [], grants: [] }))).toEqual([]);
      });
    });

    describe('seats, invitations, locations', () => {
      const licenseLine = (n: number): LicenseLine => ({
        product: product(n),
        kind: n % 2 ? 'station' : 'license',
        company: companyPath(n),
        total: 100_000,
        inUse: 100_000,
        available: 0,
        holders: range(200).map(userLabel),
      });
      it('licenses (/licenses, /stations): more products than fit, each held by many with the longest names', () => {
        expect(checkMessage(licensesMessage(range(60).map(licenseLine)))).toEqual([]);
      });

      it('licenses (/licenses): none yet; a product nobody holds', () => {
        expect(checkMessage(licensesMessage([]))).toEqual([]);
        expect(checkMessage(licensesMessage([{ ...licenseLine(0), holders: [], inUse: 0 }]))).toEqual([]);
      });

      const invitationLine = (n: number): InvitationLine => ({
        userId: uuid(n),
        email: email(n),
        company: company(n),
        status: (['waiting_license', 'sent', 'expired', 'declined', 'revoked'] as const)[n % 5]!,
        expiresAt: at,
        deliveredVia: n % 2 ? 'slack' : 'email',
        licenses: range(HELD_MAX).map(product),
      });
      it('open invitations (/invites): a page of 20 of many, each with the most licenses; a long search', () => {
        const list = { lines: range(20).map(invitationLine), total: MANY };
        expect(checkMessage(invitesMessage(list, text(TYPED_MAX)))).toEqual([]);
        expect(checkMessage(invitesMessage({ lines: [], total: 0 }, text(TYPED_MAX)))).toEqual([]);
        expect(checkMessage(invitesMessage({ lines: [], total: 0 }, ''))).toEqual([]);
        const bare = { ...invitationLine(1), licenses: [], expiresAt: null, deliveredVia: null };
        expect(checkMessage(invitesMessage({ lines: [bare], total: 1 }, ''))).toEqual([]);
        // A middle page (Previous and Next, buttons carrying the search) refreshed after a click,
        // with what the click did above it; Revoke's confirm dialog names a 254-character email.
        // Escaped as the listener escapes it (each character of the email could be one).
        const note = `The invitation of ${email(3).replace(/[&<>]/g, '&amp;')} is revoked: its link no longer works.`;
        const middle = { lines: range(20).map(invitationLine), total: MANY, offset: 40 };
        expect(checkMessage(invitesMessage(middle, text(500, 's'), note))).toEqual([]);
        expect(checkMessage(invitesMessage({ lines: [], total: 0, offset: 20 }, text(500, 's'), note))).toEqual([]);
      });

      it(`Invite people form (/inviteusers): ${MAX_INVITE_ROWS} rows of 254-character emails, 100 products, deep paths`, () => {
        const rows = range(MAX_INVITE_ROWS).map((n) => ({ email: email(n), license: n % 2 === 0 }));
        const products = range(150).map(product);
        expect(checkView(inviteModal(choicesOf(100), products, { rows, product: products[99] }))).toEqual([]);
        expect(checkView(inviteModal(choicesOf(101), products, { rows }))).toEqual([]);
      });

      it('Invite people form (/inviteusers): one empty row, no products', () => {
        expect(checkView(inviteModal(oneCompany, [], { rows: [{ email: '', license: false }] }))).toEqual([]);
      });

      const fileName = text(TYPED_MAX, 'people');
      it(`invitation file dry run: ${INVALID_NAMED} named invalid rows of huge cells, a long file name, not enough seats`, () => {
        const preview: InvitePreview = {
          company: companyPath(),
          product: product(),
          rows: 100_000,
          newPeople: 99_999,
          alreadyUsers: 99_999,
          alreadyInvited: 99_999,
          duplicates: 99_999,
          invalid: 99_999,
          firstInvalid: range(INVALID_NAMED).map((n) => ({
            line: 100_000 - n,
            reason: `“${text(10_000, 'cell')}” is not an email address`,
          })),
          seatsNeeded: 99_999,
          seatsAvailable: 0,
        };
        expect(checkMessage(importPreviewMessage(uuid(), fileName, preview))).toEqual([]);
        expect(checkMessage(importPreviewMessage(uuid(), fileName, preview), 'chat.update')).toEqual([]);
      });

      it('invitation file dry run: an empty file, no product', () => {
        const preview: InvitePreview = {
          company: 'C',
          product: null,
          rows: 0,
          newPeople: 0,
          alreadyUsers: 0,
          alreadyInvited: 0,
          duplicates: 0,
          invalid: 0,
          firstInvalid: [],
          seatsNeeded: 0,
          seatsAvailable: null,
        };
        expect(checkMessage(importPreviewMessage(uuid(), 'a.csv', preview))).toEqual([]);
      });

      it('invitation file import: progress, done, failed and refused with a long file name and reason', () => {
        const reason = `A row could not be imported: ${text(TYPED_MAX)}`;
        const result = { company: companyPath(), invited: 100_000, waitingForLicense: 50_000, skipped: 99_999 };
        for (const message of [
          importProgressMessage(fileName, 99_999, 100_000),
          importDoneMessage(fileName, result),
          importFailedMessage(fileName, reason),
          fileRefusedMessage(fileName, reason),
        ]) {
          expect(checkMessage(message, 'chat.update')).toEqual([]);
        }
        expect(
          checkMessage(importDoneMessage('a.csv', { company: 'C', invited: 0, waitingForLicense: 0, skipped: 0 })),
        ).toEqual([]);
      });

      const locationLine = (n: number): LocationLine => ({
        id: uuid(n),
        name: location(n),
        address: address(n),
        companyId: uuid(n + 1),
        company: companyPath(n),
        users: 1_000_000,
      });
      it(`locations (/locations): ${MANY} locations with the longest names, addresses and company paths, for an Admin`, () => {
        expect(checkMessage(locationsMessage(range(MANY).map(locationLine), true))).toEqual([]);
      });

      it('locations (/locations): none yet; one without an address', () => {
        expect(checkMessage(locationsMessage([], true))).toEqual([]);
        expect(checkMessage(locationsMessage([{ ...locationLine(0), address: null, users: 0 }], false))).toEqual([]);
      });

      it('Add / Edit location form: the longest name and address; a new one', () => {
        expect(checkView(locationModal(choicesOf(100), { id: uuid(), name: location(), address: address() }))).toEqual(
          [],
        );
        expect(checkView(locationModal(oneCompany))).toEqual([]);
      });
    });

    describe('numbers, extensions, devices', () => {
      // A page of each list at its longest, in the middle of a long list (both page buttons), every line shown.
      const page = (n: number) => n + 1_000_000;
      const everyLineShown = (message: { blocks?: unknown[] }, keys: string[]) => {
        const text = JSON.stringify(message.blocks);
        expect(text).not.toContain(' more');
        for (const key of keys) expect(text).toContain(key);
      };

      it(`number pool (/numbers): the first 50 free of many, a page of ${LIST_PAGE_SIZE} held by people with the longest names`, () => {
        const pool = {
          company: companyPath(),
          companyName: company(),
          available: 1_000_000,
          firstAvailable: range(50).map(number),
          assigned: range(LIST_PAGE_SIZE).map((n) => ({ number: number(n + 100), user: personLine(n) })),
          assignedTotal: 9_999_999,
          offset: page(0),
        };
        const message = poolMessage(pool);
        expect(checkMessage(message)).toEqual([]);
        everyLineShown(
          message,
          pool.assigned.map((row) => formatPhone(row.number)),
        );
        expect(JSON.stringify(message.blocks)).toContain('Assigned: 1000001–1000040 of 9999999');
        const none = { ...pool, company: 'C', companyName: 'C', available: 0, firstAvailable: [], assigned: [] };
        expect(checkMessage(poolMessage({ ...none, assignedTotal: 0, offset: 0 }))).toEqual([]);
      });

      it(`extensions (/extensions): a page of ${LIST_PAGE_SIZE} taken by people with the longest names; none taken`, () => {
        const overview: ExtensionOverview = {
          company: companyPath(),
          companyName: company(),
          policy: { min: 1, max: MAX_EXTENSION_DIGITS },
          taken: range(LIST_PAGE_SIZE).map((n) => ({ extension: String(1_000_000_000 + n), user: personLine(n) })),
          total: 9_999_999,
          offset: page(0),
          nextFree: '9'.repeat(MAX_EXTENSION_DIGITS),
        };
        const message = extensionsMessage(overview);
        expect(checkMessage(message)).toEqual([]);
        everyLineShown(
          message,
          overview.taken.map((row) => row.extension),
        );
        const none: ExtensionOverview = {
          company: 'C',
          companyName: 'C',
          policy: { min: 3, max: 6 },
          taken: [],
          total: 0,
          offset: 0,
          nextFree: '100',
        };
        expect(checkMessage(extensionsMessage(none))).toEqual([]);
      });

      it(`devices (/devices): a page of ${LIST_PAGE_SIZE} with the longest labels, companies and holders; none`, () => {
        const lines = range(LIST_PAGE_SIZE).map((n) => ({
          device: deviceLabel(n),
          company: companyPath(n),
          user: n % 2 ? personLine(n) : null,
        }));
        const message = devicesMessage({ company: company(), lines, total: 9_999_999, offset: page(0) });
        expect(checkMessage(message)).toEqual([]);
        everyLineShown(message, range(LIST_PAGE_SIZE).map(mac));
        expect(checkMessage(devicesMessage({ company: '', lines: [], total: 0, offset: 0 }))).toEqual([]);
      });

      it('a device’s fee to confirm (/devices assign): the longest name, the highest fee', () => {
        const fee = {
          message: `This would be device 1000 of ${person().fullName}: devices beyond 2 cost €99,999,999.99 a month in all. Confirm to assign it.`,
          monthlyFee: '€99,999,999.99',
        };
        expect(checkMessage(deviceFeeQuestion(fee, email(), mac()))).toEqual([]);
      });
    });

    describe('Set up a user (wizard)', () => {
      it('step 1 (who): the longest names, emails and company paths, with a notice', () => {
        expect(checkView(detailsStep(worstSetup, choicesOf(100), text(500, 'Notice ')))).toEqual([]);
        expect(checkView(detailsStep(worstSetup, choicesOf(101)))).toEqual([]);
      });

      it('step 2 (number and packages): more stations and applications than a menu holds, the most applications chosen', () => {
        const choices = setupChoices(150);
        // The ones chosen are past the first 100 offered: they must still be shown, and chosen.
        const chosen = choices.applications.slice(-HELD_MAX);
        const state = { ...worstSetup, telephony: { ...worstSetup.telephony, applications: chosen } };
        const view = telephonyStep(state, choices, text(500, 'Notice '));
        expect(checkView(view)).toEqual([]);
        const blocks = view.blocks as { block_id?: string; element?: { initial_options?: unknown[] } }[];
        const apps = blocks.find((block) => block.block_id === 'applications');
        expect(apps?.element?.initial_options).toHaveLength(HELD_MAX);
        expect(checkView(telephonyStep(worstSetup, setupChoices(HELD_MAX)))).toEqual([]);
      });

      it('step 3 (device and location): the most devices and locations, the longest labels', () => {
        expect(checkView(equipmentStep(worstSetup, setupChoices(150), text(500, 'Notice ')))).toEqual([]);
      });

      it('each step with nothing typed and nothing to choose', () => {
        expect(checkView(detailsStep(EMPTY_SETUP, oneCompany))).toEqual([]);
        expect(checkView(telephonyStep(EMPTY_SETUP, noChoices))).toEqual([]);
        expect(checkView(equipmentStep(EMPTY_SETUP, noChoices))).toEqual([]);
      });
    });

    // ---------------------------------------------------------------------------------------------
    // Notices: every type in src/slack/notices.blocks.ts, as the notice transport posts them (and as
    // chat.update sends a revision), each at its longest and with its optional values empty.

    const by = (n = 0) => ({ fullName: person(n).fullName, email: email(n), slackUserId: null });
    const byMention = { fullName: 'A', slackUserId: slackId(9) };
    const worstNotices: Notice[] = [
      {
        type: 'user.added',
        audience: 'channel',
        user: { id: uuid(), ...person(), title: text(NAME_MAX, 'Title ') },
        company: companyPath(),
        privileges: { active: true, admin: true, portalAccess: true },
        adminRequested: true,
        by: by(1),
      },
      {
        type: 'user.added',
        audience: 'actor',
        user: { id: uuid(), ...person(), title: text(NAME_MAX, 'Title ') },
        company: companyPath(),
        privileges: { active: true, admin: false, portalAccess: true },
        by: byMention,
      },
      ...(['declined', 'no_member', 'lookup_failed'] as const).map((none): Notice => ({
        type: 'user.added',
        audience: 'actor',
        user: { id: uuid(), ...person(), title: text(NAME_MAX, 'Title ') },
        company: companyPath(),
        privileges: { active: true, admin: false, portalAccess: true },
        adminNotRequested: { eligible: 1, required: 2 },
        slack: { none },
        by: byMention,
      })),
      {
        type: 'user.added',
        audience: 'actor',
        user: { id: uuid(), ...person(), title: text(NAME_MAX, 'Title ') },
        company: companyPath(),
        privileges: { active: true, admin: false, portalAccess: true },
        adminNotRequested: { eligible: 0, required: 1 },
        slack: { linked: slackId(1) },
        by: byMention,
      },
      ...(['channel', 'subject', 'previous'] as const).flatMap((audience): Notice[] => [
        {
          type: 'user.slack_linked',
          audience,
          user: person(),
          company: companyPath(),
          slackUserId: slackId(1),
          previousSlackUserId: slackId(2),
          // The longest "what now" the newly linked account reads.
          userState: 'deactivated',
          by: by(1),
        },
        {
          type: 'user.slack_unlinked',
          audience,
          user: person(),
          company: companyPath(),
          slackUserId: null,
          previousSlackUserId: slackId(2),
          by: by(1),
        },
      ]),
      ...(
        ['user.deactivated', 'user.reactivated', 'user.deleted', 'user.admin_removed', 'user.admin_granted'] as const
      ).flatMap((type) =>
        (['channel', 'subject'] as const).map((audience): Notice => ({
          type,
          audience,
          user: person(),
          company: companyPath(),
          by: by(1),
        })),
      ),
      {
        type: 'user.edited',
        audience: 'channel',
        user: person(),
        company: companyPath(),
        fields: [
          'Email',
          'First name',
          'Last name',
          'Title',
          'Office number',
          'Cellular number',
          'Fax number',
          'Company',
          'Active',
          'Portal Access',
          'Admin',
        ],
        by: by(1),
      },
      {
        type: 'user.email_confirmation',
        audience: 'owner',
        userId: uuid(),
        fullName: person().fullName,
        newEmail: email('new'),
        requestedBy: by(1),
      },
      {
        type: 'user.email_changed',
        audience: 'channel',
        user: person(),
        previousEmail: email('old'),
        company: companyPath(),
      },
      { type: 'user.password_reset', audience: 'channel', user: person(), company: companyPath(), by: by(1) },
      { type: 'user.password_reset', audience: 'subject', user: person(), company: companyPath(), by: by(1) },
      { type: 'organization.created', audience: 'channel', path: companyPath(), by: by(1) },
      { type: 'organization.renamed', audience: 'channel', path: companyPath(), previousName: company(7), by: by(1) },
      ...(['pending', 'approved', 'denied', 'cancelled', 'expired'] as const).map((status): Notice => ({
        type: 'admin_request',
        audience: 'approvers',
        requestId: uuid(),
        target: person(),
        company: companyPath(),
        requester: by(1),
        reason: text(REASON_MAX, 'R', bmp()),
        grantMinutes: 60 * 24 * 365,
        required: APPROVERS_MAX,
        approvedBy: range(APPROVERS_MAX).map((n) => by(n)),
        status,
        decidedBy: by(11),
        comment: text(COMMENT_MAX, 'C', bmp()),
        expiresAt: at.toISOString(),
      })),
      ...(['approved_by', 'granted', 'denied', 'cancelled', 'expired', 'reminder'] as const).flatMap((event) =>
        (['thread', 'requester', 'target'] as const).map((audience): Notice => ({
          type: 'admin_request.update',
          audience,
          event,
          target: person(),
          by: by(3),
          comment: text(COMMENT_MAX, 'C', bmp()),
          given: APPROVERS_MAX - 1,
          required: APPROVERS_MAX,
          grantMinutes: 60 * 24 * 365,
          expiresAt: at.toISOString(),
        })),
      ),
      ...[true, false].flatMap((kept) =>
        (['channel', 'subject'] as const).map((audience): Notice => ({
          type: 'admin_grant.ended',
          audience,
          user: person(),
          company: companyPath(),
          kept,
        })),
      ),
      {
        type: 'licenses.added',
        audience: 'channel',
        product: product(),
        company: companyPath(),
        seats: { added: 100_000, total: 2_000_000_000 },
        by: by(1),
      },
      {
        type: 'license.assigned',
        audience: 'channel',
        product: product(),
        company: companyPath(),
        user: person(),
        by: by(1),
      },
      {
        type: 'license.revoked',
        audience: 'channel',
        product: product(),
        company: companyPath(),
        user: person(),
        by: by(1),
      },
      ...(['location.added', 'location.changed', 'location.removed'] as const).map((type): Notice => ({
        type,
        audience: 'channel',
        location: location(),
        company: companyPath(),
        by: by(1),
      })),
      {
        type: 'location.assigned',
        audience: 'channel',
        location: location(),
        company: companyPath(),
        user: person(),
        by: by(1),
      },
      ...(
        [
          'invitation.created',
          'invitation.resent',
          'invitation.revoked',
          'invitation.accepted',
          'invitation.declined',
        ] as const
      ).map((type): Notice => ({
        type,
        audience: 'channel',
        user: person(),
        company: companyPath(),
        waitingForLicense: true,
        via: 'web',
        by: by(1),
      })),
      {
        type: 'invitation.offer',
        audience: 'invitee',
        invitationId: uuid(),
        email: email(),
        company: companyPath(),
        invitedBy: person(1).fullName,
        expiresAt: at.toISOString(),
      },
      { type: 'invitations.expired', audience: 'channel', count: 1_000_000, emails: range(10).map((n) => email(n)) },
      {
        type: 'invitations.imported',
        audience: 'channel',
        company: companyPath(),
        fileName: text(TYPED_MAX, 'file'),
        invited: 100_000,
        waitingForLicense: 100_000,
        skipped: 100_000,
        by: by(1),
      },
      {
        type: 'numbers.added',
        audience: 'channel',
        what: `1000 numbers, ${number(0)} to ${number(999)}`,
        company: companyPath(),
        by: by(1),
      },
      { type: 'device.added', audience: 'channel', what: deviceLabel(), company: companyPath(), by: by(1) },
      ...(['number.assigned', 'number.unassigned'] as const).map((type): Notice => ({
        type,
        audience: 'channel',
        what: number(),
        company: companyPath(),
        user: person(),
        by: by(1),
      })),
      ...(['device.assigned', 'device.unassigned'] as const).map((type): Notice => ({
        type,
        audience: 'channel',
        what: deviceLabel(),
        company: companyPath(),
        user: person(),
        by: by(1),
      })),
      {
        type: 'user.set_up',
        audience: 'channel',
        user: person(),
        company: companyPath(),
        given: [
          number(),
          `extension ${'9'.repeat(MAX_EXTENSION_DIGITS)}`,
          `${product()} station`,
          range(HELD_MAX).map(application).join(' + '),
          deviceLabel(),
          `at ${location()}`,
        ],
        by: by(1),
      },
      {
        type: 'workspace.channels_chosen',
        audience: 'channel',
        workspace: text(1000, 'W'),
        changes: [
          { purpose: 'confirmations', channel: 'C0123456789', default: 'C0NOTIFY0000' },
          { purpose: 'approvals', channel: null, default: 'C0APPROVALS0' },
          { purpose: 'invitations', channel: 'G0123456789', default: 'C0INVITES000' },
        ],
        by: by(1),
      },
    ];

    const short = { fullName: 'A B', email: 'a@b.co' };
    const emptyNotices: Notice[] = [
      {
        type: 'user.added',
        audience: 'channel',
        user: { id: uuid(), ...short, title: null },
        company: 'C',
        privileges: { active: false, admin: false, portalAccess: false },
        by: byMention,
      },
      { type: 'user.edited', audience: 'channel', user: short, company: 'C', fields: [], by: byMention },
      { type: 'organization.renamed', audience: 'channel', path: 'C', by: byMention },
      {
        type: 'admin_request',
        audience: 'approvers',
        requestId: uuid(),
        target: short,
        company: 'C',
        requester: byMention,
        reason: 'R',
        grantMinutes: null,
        required: 1,
        approvedBy: [],
        status: 'pending',
        expiresAt: at.toISOString(),
      },
      {
        type: 'admin_request',
        audience: 'approvers',
        requestId: uuid(),
        target: short,
        company: 'C',
        requester: byMention,
        reason: 'R',
        grantMinutes: null,
        required: 1,
        approvedBy: [],
        status: 'denied',
        expiresAt: at.toISOString(),
      },
      ...(['thread', 'requester', 'target'] as const).map((audience): Notice => ({
        type: 'admin_request.update',
        audience,
        event: 'denied',
        target: short,
        given: 0,
        required: 1,
        grantMinutes: null,
        expiresAt: at.toISOString(),
      })),
      { type: 'invitation.created', audience: 'channel', user: short, company: 'C' },
      { type: 'invitation.accepted', audience: 'channel', user: short, company: 'C', via: 'slack' },
      { type: 'invitations.expired', audience: 'channel', count: 1, emails: ['a@b.co'] },
      { type: 'user.set_up', audience: 'channel', user: short, company: 'C', given: [], by: byMention },
      {
        type: 'workspace.channels_chosen',
        audience: 'channel',
        workspace: null,
        changes: [{ purpose: 'approvals', channel: null, default: 'C0APPROVALS' }],
        by: byMention,
      },
    ];

    const describeNotice = (notice: Notice) =>
      `${notice.type} (${notice.audience}${'event' in notice ? `, ${notice.event}` : ''}${'status' in notice ? `, ${notice.status}` : ''})`;

    describe('notices, as the notice transport posts them', () => {
      it('the worst cases cover every notice type', () => {
        const types = new Set(worstNotices.map((notice) => notice.type));
        expect([...types].sort()).toEqual(Object.keys(NOTICE_TYPES).sort());
      });

      it.each(worstNotices.map((notice) => [describeNotice(notice), notice] as const))(
        '%s at its longest',
        (_, notice) => {
          const { text, blocks } = renderNotice(notice);
          expect(checkMessage({ text, blocks }, 'chat.postMessage')).toEqual([]);
          expect(checkMessage({ text, blocks }, 'chat.update')).toEqual([]);
        },
      );

      it('a digest of every notice at its longest, three times over: as many as fit, each whole, in order', () => {
        const rendered = [...worstNotices, ...worstNotices, ...worstNotices].map(renderNotice);
        let rest = rendered;
        while (rest.length) {
          const digest = renderDigest(rest);
          expect(digest.included).toBeGreaterThan(0);
          expect(checkMessage({ text: digest.text, blocks: digest.blocks }, 'chat.postMessage')).toEqual([]);
          expect(digest.blocks.slice(1)).toEqual(rest.slice(0, digest.included).flatMap((notice) => notice.blocks));
          rest = rest.slice(digest.included);
        }
      });

      it.each(emptyNotices.map((notice) => [describeNotice(notice), notice] as const))(
        '%s with optional values empty',
        (_, notice) => {
          const { text, blocks } = renderNotice(notice);
          expect(checkMessage({ text, blocks }, 'chat.postMessage')).toEqual([]);
          expect(checkMessage({ text, blocks }, 'chat.update')).toEqual([]);
        },
      );
    });
  });
}

describe('how screens shorten values (src/slack/fit.ts)', () => {
  it('fit cuts plain text by characters (code points), never inside an emoji, and says so with …', () => {
    expect(fit('Ada', 3)).toBe('Ada');
    expect(fit('😀😀😀😀', 3)).toBe('😀😀…');
    expect(chars(fit('😀'.repeat(100), 75))).toBe(75);
    expect(fitStart('Reseller › Customer', 10)).toBe('… Customer');
  });

  it('escapeFit escapes, and cuts before an escape rather than inside it', () => {
    expect(escapeFit('a & b', 20)).toBe('a &amp; b');
    expect(escapeFit('ab&cd', 6)).toBe('ab…');
    expect(escapeFit('&'.repeat(100), 20)).toBe(`${'&amp;'.repeat(3)}…`);
  });

  it('fitMrkdwn cuts formatted text without splitting an escape, a mention or a date', () => {
    expect(fitMrkdwn('x &amp; y', 5)).toBe('x …');
    expect(fitMrkdwn('by <@U0123456789> today', 10)).toBe('by …');
    expect(fitMrkdwn('<!date^1^{date}|2026> and more', 20)).toBe('…');
    expect(fitMrkdwn('short', 10)).toBe('short');
  });

  it('joinFitted shows as many items as fit and counts the rest', () => {
    expect(joinFitted(['a', 'b', 'c'], 100)).toBe('a, b, c');
    expect(joinFitted(['aaaa', 'bbbb', 'cccc', 'dddd'], 18)).toBe('aaaa, … and 3 more');
    expect(chars(joinFitted(['aaaa', 'bbbb'], 5))).toBeLessThanOrEqual(5);
    expect(joinFitted(['a', 'b'], 100, { total: 5, more: (n) => ` and ${n} more` })).toBe('a, b and 3 more');
    expect(chars(joinFitted(['x'.repeat(5000)], 2000))).toBe(2000);
  });

  it('packLines keeps lines whole, 15 a section by default here, and counts those that do not fit', () => {
    const lines = range(100).map((n) => `line ${n}`);
    expect(packLines(lines, 10, { perText: 15 })).toHaveLength(7);
    const long = range(100).map((n) => `${n} ${'x'.repeat(1400)}`);
    const texts = packLines(long, 3);
    expect(texts).toHaveLength(3);
    expect(texts.every((text) => chars(text) <= 3000)).toBe(true);
    expect(texts[2]).toMatch(/… and 9\d more$/);
  });
});
