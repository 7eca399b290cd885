import { Bits, Blocks, Elements, Message } from 'slack-block-builder';
import type { UserPage, UserSummary } from '../../services/directory.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';

export const USERS_PAGE_ACTION = 'users_page';
export const USER_OPEN_ACTION = 'user_open';
// Section text holds 3000 characters; a user line is under 200, so 15 lines always fit.
const LINES_PER_SECTION = 15;

export function statusBadges(user: Pick<UserSummary, 'active' | 'admin' | 'portalAccess' | 'invited'>): string {
  if (user.invited) return '`invited`';
  if (!user.active) return '`deactivated`';
  return ['`Active`', user.admin && '`Admin`', user.portalAccess && '`Portal Access`'].filter(Boolean).join(' ');
}

function line(user: UserSummary): string {
  return `*${escapeMrkdwn(user.fullName)}* · ${escapeMrkdwn(user.email)} · ${escapeMrkdwn(user.company)} · ${statusBadges(user)}`;
}

function describe(page: UserPage): string {
  const parts = [
    page.query.text && `“${page.query.text}”`,
    page.query.company && `company ${page.query.company}`,
    page.query.status,
    page.query.adminsOnly && 'admins',
  ];
  const filters = parts.filter(Boolean).map((part) => escapeMrkdwn(String(part)));
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
  const sections = [];
  for (let i = 0; i < page.users.length; i += LINES_PER_SECTION) {
    sections.push(
      Blocks.Section({
        text: page.users
          .slice(i, i + LINES_PER_SECTION)
          .map(line)
          .join('\n'),
      }),
    );
  }
  const buttons = [
    page.previous &&
      Elements.Button({ text: '‹ Previous', actionId: `${USERS_PAGE_ACTION}_previous`, value: page.previous }),
    page.next && Elements.Button({ text: 'Next ›', actionId: `${USERS_PAGE_ACTION}_next`, value: page.next }),
  ].filter((button) => button !== undefined && button !== '');
  const picker = Elements.StaticSelect({ actionId: USER_OPEN_ACTION, placeholder: 'Open a user…' }).options(
    page.users.map((user) =>
      Bits.Option({ text: user.fullName.slice(0, 75), value: user.id, description: user.email.slice(0, 75) }),
    ),
  );
  return {
    text: `${title}: ${page.users.length} shown.`,
    blocks: Message()
      .blocks(
        Blocks.Section({ text: `*${title}* — ${page.users.length} shown` }),
        ...sections,
        Blocks.Actions().elements(picker, ...(buttons as ReturnType<typeof Elements.Button>[])),
      )
      .getBlocks(),
  };
}
