/**
 * The audit trail in words: what each recorded action is called, what its fields are called, and
 * how their values read. Every action code that the code base records has words here
 * (test/features/audit/audit-words.test.ts finds them in src/ and fails on a new one without).
 */
import { describeMinutes } from '../../core/durations.rules.ts';

export const AUDIT_ACTION_WORDS: Readonly<Record<string, string>> = {
  'user.created': 'added',
  'user.invited': 'invited',
  'user.edited': 'edited',
  'user.edited_own_details': 'edited their own details',
  'user.email_changed': 'login email changed',
  'user.email_change_cancelled': 'login email change withdrawn',
  'user.password_reset': 'password reset',
  'user.password_set': 'password set by its owner',
  'user.slack_linked': 'Slack account linked',
  'user.slack_unlinked': 'Slack account unlinked',
  'user.deactivated': 'deactivated',
  'user.reactivated': 'reactivated',
  'user.deleted': 'deleted',
  'user.admin_removed': 'admin rights removed',
  'user.admin_granted': 'admin rights granted',
  'user.admin_grant_ended': 'admin rights ended (their time was up)',
  'admin_grant.kept': 'admin rights kept past their time (the company’s only active admin)',
  'admin_request.created': 'admin rights requested',
  'admin_request.approved': 'admin rights request approved',
  'admin_request.denied': 'admin rights request denied',
  'admin_request.cancelled': 'admin rights request withdrawn',
  'admin_request.expired': 'admin rights request expired',
  'user.set_up': 'set up',
  'user.location_set': 'location set',
  'user.settings_changed': 'settings changed',
  'user.applications_set': 'applications set',
  'user.call_groups_set': 'call groups set',
  'user.extension_set': 'extension set',
  'user.station_set': 'station package set',
  'license.assigned': 'license given',
  'license.revoked': 'license taken back',
  'licenses.added': 'seats added',
  'number.assigned': 'phone number given',
  'number.unassigned': 'phone number taken back',
  'numbers.added': 'phone numbers added to the pool',
  'device.added': 'device added',
  'device.assigned': 'device given',
  'device.unassigned': 'device taken back',
  'organization.created': 'company created',
  'organization.renamed': 'company renamed',
  'organization.extension_policy': 'extension length changed',
  'location.added': 'location added',
  'location.changed': 'location changed',
  'location.removed': 'location removed',
  'application.offered': 'application offered',
  'application.withdrawn': 'application withdrawn',
  'call_group.added': 'call group added',
  'call_group.removed': 'call group removed',
  'call_group.joined': 'added to a call group',
  'call_group.left': 'taken out of a call group',
  'invitation.accepted': 'invitation accepted',
  'invitation.declined': 'invitation declined',
  'invitation.resent': 'invitation sent again',
  'invitation.revoked': 'invitation revoked',
  'invitations.imported': 'invitations imported from a file',
  'workspace.installed': 'Switchboard installed in a Slack workspace',
  'workspace.reinstalled': 'Switchboard installed again in a Slack workspace',
  'workspace.uninstalled': 'Switchboard uninstalled from a Slack workspace (its notices wait)',
  'workspace.linked': 'Slack workspace linked to a company',
  'workspace.unlinked': 'Slack workspace unlinked from its company',
  'workspace.channels_chosen': 'notice channels of a Slack workspace chosen',
};

/** What an action is called; a code from an older version without words reads as its parts. */
export function actionWords(code: string): string {
  return AUDIT_ACTION_WORDS[code] ?? code.replace(/[._]/g, ' ');
}

const FIELD_WORDS: Readonly<Record<string, string>> = {
  email: 'email',
  firstName: 'first name',
  lastName: 'last name',
  title: 'title',
  officePhone: 'office phone',
  mobilePhone: 'cellular phone',
  faxPhone: 'fax',
  organizationId: 'company',
  company: 'company',
  parentId: 'customer of',
  privileges: 'privileges',
  active: 'active',
  admin: 'admin',
  portalAccess: 'portal access',
  pendingEmail: 'new email waiting for confirmation',
  slackUserId: 'Slack account',
  slackTeamId: 'Slack workspace',
  released: 'given back',
  reason: 'reason',
  grantMinutes: 'for',
  requiredApprovals: 'approvals needed',
  required: 'approvals needed',
  comment: 'comment',
  license: 'holds a license',
  via: 'accepted',
  generated: 'password generated',
  mustChangePassword: 'must change the password',
  station: 'station package',
  location: 'location',
  applications: 'applications',
  groups: 'call groups',
  group: 'call group',
  numbers: 'numbers',
  count: 'how many',
  device: 'device',
  devices: 'devices',
  licenses: 'licenses',
  number: 'number',
  min: 'fewest digits',
  max: 'most digits',
  file: 'file',
  invited: 'invited',
  skipped: 'rows skipped',
  name: 'name',
  address: 'address',
  loginId: 'User ID',
  extension: 'extension',
  product: 'product',
  seats: 'seats',
  webSms: 'web SMS',
  callList: 'call list',
  newsletter: 'newsletter',
};

/** Fields whose name means something else in one action. */
const FIELD_WORDS_IN: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'admin_request.approved': { given: 'approvals so far' },
  'admin_request.denied': { given: 'approvals so far' },
  'user.set_up': { given: 'given' },
  'user.password_set': { via: 'set' },
};

/** What a field is called (in an action): `firstName` → "first name"; a product's name stays as it is. */
export function fieldWords(field: string, action = ''): string {
  return (
    FIELD_WORDS_IN[action]?.[field] ??
    FIELD_WORDS[field] ??
    (/^[a-z]+(?:[A-Z][a-z]*)+$/.test(field) ? field.replace(/([A-Z])/g, ' $1').toLowerCase() : field)
  );
}

const VALUE_WORDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  via: { web: 'on the invitation page', slack: 'in Slack', link: 'from a link sent to them' },
  callList: { complete: 'numbers in full', shortened: 'last digits hidden', none: 'not kept' },
};

/** Looks up what people call a stored id (a company's name), if it can. */
export type NameOf = (field: string, id: string) => string | undefined;

/** A field's value in words: yes/no, "none", a duration, a company's name, a list. */
export function valueWords(field: string, value: unknown, nameOf: NameOf = () => undefined): string {
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (field === 'grantMinutes' && typeof value === 'number') return describeMinutes(value);
  if (typeof value === 'string') return VALUE_WORDS[field]?.[value] ?? nameOf(field, value) ?? value;
  if (typeof value === 'number') return String(value); // plain, as counts are: 12500
  if (Array.isArray(value))
    return value.length ? value.map((item) => valueWords(field, item, nameOf)).join(', ') : 'none';
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, inner]) => `${fieldWords(key)} ${valueWords(key, inner, nameOf)}`)
      .join(', ');
  }
  return String(value);
}

/** One change of an entry, in words: the field, and its value before and after (undefined: that side was not recorded). */
export interface ChangeInWords {
  field: string;
  before?: string;
  after?: string;
  /** The values are Slack member ids (U…): Slack shows them as mentions. */
  slackUsers?: true;
}

const isEmpty = (value: unknown) =>
  value === undefined || value === null || value === '' || (Array.isArray(value) && !value.length);

/**
 * The changes of an event in words. With both sides recorded: each field whose value differs,
 * before → after. With one side (something created, invited or removed): the fields that hold a
 * value — a new user's entry lists what was set, not "title: —" (all of them when none does).
 */
export function changesInWords(
  action: string,
  before: unknown,
  after: unknown,
  nameOf: NameOf = () => undefined,
): ChangeInWords[] {
  const was = asRecord(before);
  const now = asRecord(after);
  const word = (field: string, value: unknown) => valueWords(field, value, nameOf);
  if (was && now) {
    const fields = [...new Set([...Object.keys(was), ...Object.keys(now)])];
    return fields
      .filter((field) => JSON.stringify(was[field]) !== JSON.stringify(now[field]))
      .map((field) => ({
        field: fieldWords(field, action),
        before: word(field, was[field]),
        after: word(field, now[field]),
        ...slackUsers(field),
      }));
  }
  const entries = Object.entries(now ?? was ?? {});
  const set = entries.filter(([, value]) => !isEmpty(value));
  return (set.length ? set : entries).map(([field, value]) => ({
    field: fieldWords(field, action),
    [now ? 'after' : 'before']: word(field, value),
    ...slackUsers(field),
  }));
}

const slackUsers = (field: string): { slackUsers?: true } => (field === SLACK_USER_FIELD ? { slackUsers: true } : {});

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** "first name: Ada → Ada Maria", or "title: Engineer" when only one side was recorded. */
export function changeText(
  change: ChangeInWords,
  fit: (text: string, limit: number) => string = (text) => text,
  limit = Infinity,
): string {
  const field = fit(change.field, 60);
  if (change.before === undefined) return `${field}: ${fit(change.after ?? '—', limit)}`;
  if (change.after === undefined) return `${field} was ${fit(change.before, limit)}`;
  return `${field}: ${fit(change.before, limit)} → ${fit(change.after, limit)}`;
}

/** "Admin rights requested" — what was done, as a line's heading. */
export function capitalized(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Someone as the trail stored them, named as people read names (personName): a user's label
 * "Ada Lovelace <ada@example.com>" or a bare email (invited, or an actor), a system actor's
 * "system:cli" ("Switchboard cli"); anything else is a name as it stands (a company, a product).
 */
export function labelledPerson(label: string): { fullName: string; email: string | null } {
  const system = /^system:(.+)$/.exec(label);
  if (system) return { fullName: `Switchboard ${system[1]}`, email: null };
  const named = /^(.*) <([^<>\s]+@[^<>\s]+)>$/.exec(label);
  if (named) return { fullName: named[1]!.trim(), email: named[2]! };
  if (/^[^\s<>@]+@[^\s<>@]+$/.test(label)) return { fullName: '', email: label };
  return { fullName: label, email: null };
}

/** The field whose values are Slack member ids (shown as mentions in Slack). */
export const SLACK_USER_FIELD = 'slackUserId';

/** The fields whose values are ids of companies (named by listAudit). */
export const COMPANY_ID_FIELDS = ['organizationId', 'parentId'];
