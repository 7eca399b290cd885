import { Blocks, Elements, HomeTab, Modal } from 'slack-block-builder';
import type { UserPage } from '../directory/directory.ts';
import type { HeldNotices, HomeOverview, OwnDetails } from './home.ts';
import { escapeMrkdwn, slackDate } from '../../../slack/mrkdwn.ts';
import { escapeFit, fit, packLines, mentionFit } from '../../../slack/fit.ts';
import { userSections } from '../directory/user-list.blocks.ts';
import { FORM_BLOCKS } from '../add/user-form.blocks.ts';
import { VALUE } from '../../../slack/modals.blocks.ts';
import { MAX_NAME_LENGTH, MAX_TITLE_LENGTH } from '../../../core/users.rules.ts';
import { formatOptionalPhone, MAX_PHONE_LENGTH } from '../../../core/phone.rules.ts';
import { MAX_SEARCH_LENGTH } from '../directory/query.rules.ts';
import { plural } from '../../../core/words.rules.ts';

export const HOME_ACTIONS = {
  addUser: 'home_add_user',
  setUpUser: 'home_set_up_user',
  findUsers: 'home_find_users',
  editDetails: 'home_edit_details',
  settings: 'home_settings',
  /** The workspace's notice channels (the workspaces slice opens its form). */
  channels: 'home_channels',
} as const;
export const FIND_USERS_VIEW = 'find_users';
export const OWN_DETAILS_VIEW = 'own_details';
export const SEARCH_BLOCK = 'search';
/** The own-details form uses the user form's block ids for the same fields. */
export const DETAIL_BLOCKS = {
  firstName: FORM_BLOCKS.firstName,
  lastName: FORM_BLOCKS.lastName,
  title: FORM_BLOCKS.title,
  officePhone: FORM_BLOCKS.officePhone,
  mobilePhone: FORM_BLOCKS.mobilePhone,
  faxPhone: FORM_BLOCKS.faxPhone,
} as const;

function details(me: OwnDetails): string {
  const rows: [string, string | null][] = [
    ['Email', me.email],
    ['Company', me.company],
    ['Title', me.title],
    ['Office', formatOptionalPhone(me.officePhone)],
    ['Cellular', formatOptionalPhone(me.mobilePhone)],
    ['Fax', formatOptionalPhone(me.faxPhone)],
  ];
  return rows.map(([label, value]) => `*${label}:* ${value ? escapeMrkdwn(value) : '—'}`).join('\n');
}

/** App Home: the state of the companies in scope for Admins and Portal Access users; one's own details for others. */
export function homeView(overview: HomeOverview) {
  const me = overview.me;
  const mine = [
    Blocks.Header({ text: fit(`Hello, ${me.firstName || me.fullName}`, 150) }),
    Blocks.Section({ text: details(me) }),
    Blocks.Actions().elements(
      Elements.Button({ text: 'Edit my details', actionId: HOME_ACTIONS.editDetails, value: String(me.version) }),
      Elements.Button({ text: 'My settings', actionId: HOME_ACTIONS.settings }),
    ),
  ];
  if (overview.kind === 'self')
    return HomeTab()
      .blocks(...mine)
      .buildToObject();
  const changes = overview.recentChanges.map(
    (change) =>
      `${slackDate(change.at)} *${escapeFit(change.what, 100)}* ${mentionFit(change.target, 1200)} — ${mentionFit(change.actor, 300)}`,
  );
  return HomeTab()
    .blocks(
      Blocks.Header({ text: 'Switchboard' }),
      Blocks.Section().fields(
        `*Active users*\n${overview.activeUsers}`,
        `*Deactivated*\n${overview.deactivatedUsers}`,
        `*Added this week*\n${overview.addedThisWeek}`,
      ),
      Blocks.Actions().elements(
        ...(overview.canManage
          ? [
              Elements.Button({ text: 'Add user', actionId: HOME_ACTIONS.addUser }).primary(),
              Elements.Button({ text: 'Set up a user', actionId: HOME_ACTIONS.setUpUser }),
              Elements.Button({ text: 'Channels', actionId: HOME_ACTIONS.channels }),
            ]
          : []),
        Elements.Button({ text: 'Find users', actionId: HOME_ACTIONS.findUsers }),
      ),
      ...failedNoticesBlocks(overview.failedNotices),
      ...heldNoticesBlocks(overview.heldNotices),
      Blocks.Divider(),
      Blocks.Section({ text: '*Last changes*' }),
      ...(changes.length
        ? packLines(changes, 10).map((text) => Blocks.Section({ text }))
        : [Blocks.Section({ text: 'None yet.' })]),
      Blocks.Divider(),
      ...mine,
    )
    .buildToObject();
}

function failedNoticesBlocks(
  failed: { count: number; latest: { at: Date; workspace: string; destination: string; error: string }[] } | undefined,
) {
  if (!failed?.count) return [];
  const lines = failed.latest.map(
    (notice) =>
      `${slackDate(notice.at)} to <#${notice.destination}>${notice.workspace ? ` in workspace ${escapeFit(notice.workspace, 30)}` : ''}: ${escapeFit(notice.error, 500)}`,
  );
  return [
    Blocks.Section({
      text: `:warning: *${plural(failed.count, 'notice')} could not be sent* (Slack refused them for good; see the logs).\n${lines.join('\n')}`,
    }),
  ];
}

/** Notices waiting for a workspace's token: how many, for which workspace, and what brings them out. */
function heldNoticesBlocks(held: HeldNotices[] | undefined) {
  if (!held?.length) return [];
  const lines = held.map(({ workspace, name, count, reason }) => {
    const notices = `${plural(count, 'notice')} ${count === 1 ? 'waits' : 'wait'}`;
    const go = count === 1 ? 'it goes' : 'they go';
    const why = reason ? ` (${escapeFit(reason, 200)})` : '';
    return workspace === ''
      ? `:hourglass: ${notices} for this deployment’s own workspace${why}: with one SLACK_BOT_TOKEN, ${go} once the app runs with a working one; a direct message to someone whose workspace is not known yet goes when they first use Switchboard in Slack.`
      : `:hourglass: ${notices} for workspace ${name ? `${escapeFit(name, 100)} ` : ''}(${escapeFit(workspace, 30)}) to be installed again${why}; ${go} as soon as it is.`;
  });
  return [Blocks.Section({ text: lines.join('\n') })];
}

/** App Home for someone Switchboard can't serve: why, and whom to ask. */
export function refusalHomeView(message: string) {
  return HomeTab()
    .blocks(Blocks.Header({ text: 'Switchboard' }), Blocks.Section({ text: escapeMrkdwn(message) }))
    .buildToObject();
}

export function findUsersModal() {
  return Modal({ title: 'Find users', submit: 'Search', close: 'Cancel', callbackId: FIND_USERS_VIEW })
    .blocks(
      Blocks.Input({ label: 'Name, email, company or number', blockId: SEARCH_BLOCK })
        .optional(true)
        .hint('Filters work too: is:active, is:deactivated, is:admin, company:<name>.')
        .element(Elements.TextInput({ actionId: VALUE, maxLength: MAX_SEARCH_LENGTH })),
    )
    .buildToObject();
}

/** The first page of a search, in a modal (use /users for more pages and the user cards). */
export function findResultsModal(page: UserPage) {
  // A modal holds 100 blocks: the sections of lines and the hint below them.
  const sections = userSections(page.users, 99);
  return Modal({ title: 'Users found', close: 'Close' })
    .blocks(
      ...(sections.length ? sections : [Blocks.Section({ text: 'None found. Try fewer words, or another filter.' })]),
      ...(page.next
        ? [Blocks.Context().elements('More match: use /users with the same words to page through them.')]
        : []),
    )
    .buildToObject();
}

export function ownDetailsModal(me: OwnDetails) {
  const input = (blockId: string, label: string, value: string | null, optional: boolean, maxLength: number) => {
    const element = Elements.TextInput({ actionId: VALUE, maxLength });
    if (value) element.initialValue(value);
    return Blocks.Input({ label, blockId }).optional(optional).element(element);
  };
  return Modal({
    title: 'My details',
    submit: 'Save',
    close: 'Cancel',
    callbackId: OWN_DETAILS_VIEW,
    privateMetaData: String(me.version),
  })
    .blocks(
      input(DETAIL_BLOCKS.firstName, 'First name', me.firstName, false, MAX_NAME_LENGTH),
      input(DETAIL_BLOCKS.lastName, 'Last name', me.lastName, false, MAX_NAME_LENGTH),
      input(DETAIL_BLOCKS.title, 'Title', me.title, true, MAX_TITLE_LENGTH),
      input(DETAIL_BLOCKS.officePhone, 'Office number', formatOptionalPhone(me.officePhone), true, MAX_PHONE_LENGTH),
      input(DETAIL_BLOCKS.mobilePhone, 'Cellular number', formatOptionalPhone(me.mobilePhone), true, MAX_PHONE_LENGTH),
      input(DETAIL_BLOCKS.faxPhone, 'Fax number', formatOptionalPhone(me.faxPhone), true, MAX_PHONE_LENGTH),
    )
    .buildToObject();
}
