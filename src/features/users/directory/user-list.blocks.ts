import { Bits, Blocks, Elements, Message } from 'slack-block-builder';
import type { UserPage, UserSummary } from './directory.ts';
import { escapeFit, fit, OPTION_LIMIT, packLines } from '../../../slack/fit.ts';
import { pagePosition } from '../../../core/lists.rules.ts';

export const USERS_PAGE_ACTION = 'users_page';
export const USER_OPEN_ACTION = 'user_open';
const LINES_PER_SECTION = 15;
// A message holds 50 blocks: the title, the actions and the sections of lines.
const MAX_SECTIONS = 48;

export function statusBadges(user: Pick<UserSummary, 'active' | 'admin' | 'portalAccess' | 'invited'>): string {
  if (user.invited) return '`invited`';
  if (!user.active) return '`deactivated`';
  return ['`Active`', user.admin && '`Admin`', user.portalAccess && '`Portal Access`'].filter(Boolean).join(' ');
}

/**
 * A user in a list: name, email, company, badges — the email once for someone with no name yet.
 * Two of the longest lines fit in a section (3000 characters).
 */
function userLine(user: UserSummary): string {
  const named = user.fullName !== user.email;
  const who = named
    ? `*${escapeFit(user.fullName, 600)}* · ${escapeFit(user.email, 260)}`
    : `*${escapeFit(user.email, 260)}*`;
  return `${who} · ${escapeFit(user.company, 400)} · ${statusBadges(user)}`;
}

/** Lines of users as section texts: 15 a section, as many as fit. */
export function userSections(users: UserSummary[], maxSections = MAX_SECTIONS) {
  return packLines(users.map(userLine), maxSections, { perText: LINES_PER_SECTION }).map((text) =>
    Blocks.Section({ text }),
  );
}

function describe(page: UserPage): string {
  const parts = [
    page.query.text && `“${page.query.text}”`,
    page.query.company && `company ${page.query.company}`,
    page.query.status,
    page.query.adminsOnly && 'admins',
  ];
  const filters = parts.filter(Boolean).map((part) => escapeFit(String(part), 500));
  return filters.length ? `Users matching ${filters.join(', ')}` : 'Users';
}

/** One page of `/users`: the users in lines, a picker to open one, Previous / Next. */
export function userListMessage(page: UserPage) {
  const title = describe(page);
  if (!page.users.length) {
    return {
      text: `${title}: none.`,
      blocks: Message()
        .blocks(Blocks.Section({ text: `${title}: none found. Try fewer words, or another filter.` }))
        .getBlocks(),
    };
  }
  const sections = userSections(page.users);
  const buttons = [
    page.previous &&
      Elements.Button({ text: '‹ Previous', actionId: `${USERS_PAGE_ACTION}_previous`, value: page.previous }),
    page.next && Elements.Button({ text: 'Next ›', actionId: `${USERS_PAGE_ACTION}_next`, value: page.next }),
  ].filter((button) => button !== undefined && button !== '');
  const picker = Elements.StaticSelect({ actionId: USER_OPEN_ACTION, placeholder: 'Open a user…' }).options(
    page.users.map((user) =>
      Bits.Option({
        text: fit(user.fullName, OPTION_LIMIT),
        value: user.id,
        description: fit(user.email, OPTION_LIMIT),
      }),
    ),
  );
  const position = pagePosition(page.from, page.users.length, page.total);
  return {
    text: `${title}: ${position}.`,
    blocks: Message()
      .blocks(
        Blocks.Section({ text: `*${title}* — ${position}` }),
        ...sections,
        Blocks.Actions().elements(picker, ...(buttons as ReturnType<typeof Elements.Button>[])),
      )
      .getBlocks(),
  };
}
