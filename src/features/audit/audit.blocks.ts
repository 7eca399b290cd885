import { Blocks, Elements, Message } from 'slack-block-builder';
import { pagePosition } from '../../core/lists.rules.ts';
import type { AuditEntry, AuditPage } from './audit-log.ts';
import { capitalized, changeText } from './audit-words.rules.ts';
import { plural } from '../../core/words.rules.ts';
import { slackDate } from '../../slack/mrkdwn.ts';
import { escapeFit, fitMrkdwn, mentionFit, TEXT_LIMIT } from '../../slack/fit.ts';
import { slackUserIdSchema } from '../../core/slack-ids.rules.ts';

export const AUDIT_PAGE_ACTION = 'audit_older';
// Values shown in a line are cut (escaped, at most 60 characters), so an entry fits a section (3000).
const VALUE_LIMIT = 60;
// A new user's fields, each set one: all of them (10 × ~140 characters fit too).
const SHOWN_CHANGES = 10;

/** A recorded Slack member id as a mention (Slack shows the account's name); anything else escaped and cut. */
function slackUserFit(text: string, limit: number): string {
  return slackUserIdSchema.safeParse(text).success ? `<@${text}>` : escapeFit(text, limit);
}

/** An audit entry's changes in mrkdwn: values escaped and cut, Slack accounts as mentions. */
export function changesText(changes: AuditEntry['changes']): string[] {
  return changes.map((change) => changeText(change, change.slackUsers ? slackUserFit : escapeFit, VALUE_LIMIT));
}

function entryText(entry: AuditEntry): string {
  const changes = changesText(entry.changes.slice(0, SHOWN_CHANGES));
  const more =
    entry.changes.length > SHOWN_CHANGES ? [`and ${plural(entry.changes.length - SHOWN_CHANGES, 'more change')}`] : [];
  const text = [
    `${slackDate(entry.at)} *${escapeFit(capitalized(entry.what), 100)}*: ${mentionFit(entry.target, 1200)} — by ${mentionFit(entry.actor, 300)}`,
    ...(changes.length ? [`    ${[...changes, ...more].join(' · ')}`] : []),
  ].join('\n');
  return fitMrkdwn(text, TEXT_LIMIT);
}

/** `/audit`: one page of changes, newest first, with a button for older ones. */
export function auditMessage(page: AuditPage) {
  const title = page.about ? `Changes about ${escapeFit(page.about, 300)}` : 'Latest changes';
  if (!page.entries.length) {
    return {
      text: `${title}: none.`,
      blocks: Message()
        .blocks(Blocks.Section({ text: `${title}: none yet.` }))
        .getBlocks(),
    };
  }
  const older = page.olderThan
    ? [
        Blocks.Actions().elements(
          Elements.Button({
            text: 'Older ›',
            actionId: AUDIT_PAGE_ACTION,
            value: JSON.stringify({ about: page.about, olderThan: page.olderThan }),
          }),
        ),
      ]
    : [];
  const position =
    page.total === undefined
      ? plural(page.entries.length, 'change')
      : pagePosition(page.from ?? 1, page.entries.length, page.total);
  return {
    text: `${title}: ${position}.`,
    blocks: Message()
      .blocks(
        Blocks.Section({ text: `*${title}* — ${position}` }),
        ...page.entries.map((entry) => Blocks.Section({ text: entryText(entry) })),
        ...older,
      )
      .getBlocks(),
  };
}
