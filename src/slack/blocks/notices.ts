import { Blocks, Message } from 'slack-block-builder';
import type { SlackBlockDto } from 'slack-block-builder';
import type { Notice, UserAddedNotice } from '../../domain/notices.ts';
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
  }
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
