import { Blocks, Message } from 'slack-block-builder';
import type { SlackBlockDto } from 'slack-block-builder';
import type { Notice, UserAddedNotice, UserLifecycleNotice } from '../../domain/notices.ts';
import { privilegeLabels } from '../../domain/privileges.ts';
import { escapeMrkdwn, mention } from '../mrkdwn.ts';

export interface RenderedNotice {
  /** The plain text Slack shows in notifications and screen readers. */
  text: string;
  blocks: Readonly<SlackBlockDto>[];
}

/** How each notice looks in Slack. Every user-typed value is escaped. */
export function renderNotice(notice: Notice): RenderedNotice {
  switch (notice.type) {
    case 'user.added':
      return renderUserAdded(notice);
    case 'user.deactivated':
    case 'user.reactivated':
    case 'user.deleted':
      return renderLifecycle(notice);
  }
}

const LIFECYCLE = {
  'user.deactivated': { emoji: ':no_entry:', subject: 'Your Switchboard access was turned off' },
  'user.reactivated': { emoji: ':white_check_mark:', subject: 'Your Switchboard access was turned back on' },
  'user.deleted': { emoji: ':wastebasket:', subject: 'Your Switchboard user was deleted' },
} as const;

function renderLifecycle(notice: UserLifecycleNotice): RenderedNotice {
  const what = notice.type.slice('user.'.length);
  const { emoji, subject } = LIFECYCLE[notice.type];
  const text =
    notice.audience === 'channel'
      ? `${escapeMrkdwn(notice.user.fullName)} (${escapeMrkdwn(notice.user.email)}) of ${escapeMrkdwn(notice.company)} was ${what} by ${mention(notice.by)}`
      : `${subject} by ${mention(notice.by)}.`;
  return { text, blocks: Message().blocks(Blocks.Section({ text: `${emoji} ${text}` })).getBlocks() };
}

function renderUserAdded(notice: UserAddedNotice): RenderedNotice {
  const who = `${escapeMrkdwn(notice.user.fullName)} (${escapeMrkdwn(notice.user.email)})`;
  const company = escapeMrkdwn(notice.company);
  const text =
    notice.audience === 'channel'
      ? `${who} was added to ${company} by ${mention(notice.by)}`
      : `You added ${who} to ${company}.`;
  const privileges = privilegeLabels(notice.privileges);
  const details = [
    notice.user.title ? `Title: ${escapeMrkdwn(notice.user.title)}` : undefined,
    `Privileges: ${privileges.length ? privileges.join(', ') : 'none'}`,
  ].filter((line): line is string => Boolean(line));
  const blocks = Message()
    .blocks(Blocks.Section({ text: `:bust_in_silhouette: ${text}` }), Blocks.Context().elements(details.join(' · ')))
    .getBlocks();
  return { text, blocks };
}
