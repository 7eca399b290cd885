import { Blocks, Elements, Message } from 'slack-block-builder';
import type { AuditEntry, AuditPage } from '../../services/audit-log.ts';
import { escapeMrkdwn, slackDate } from '../mrkdwn.ts';

export const AUDIT_PAGE_ACTION = 'audit_older';
// Values shown in a line are cut, so a section stays under Slack's 3000 characters.
const VALUE_LIMIT = 60;

function shown(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return escapeMrkdwn(text.length > VALUE_LIMIT ? `${text.slice(0, VALUE_LIMIT - 1)}…` : text);
}

function entryText(entry: AuditEntry): string {
  const changes = entry.changes
    .slice(0, 6)
    .map((change) => `${escapeMrkdwn(change.field)}: ${shown(change.before)} → ${shown(change.after)}`);
  return [
    `${slackDate(entry.at)} *${escapeMrkdwn(entry.action)}* ${escapeMrkdwn(entry.target)} — by ${escapeMrkdwn(entry.actor)}`,
    ...(changes.length ? [`    ${changes.join(' · ')}`] : []),
  ].join('\n');
}

/** `/audit`: one page of changes, newest first, with a button for older ones. */
export function auditMessage(page: AuditPage) {
  const title = page.about ? `Changes about ${escapeMrkdwn(page.about)}` : 'Latest changes';
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
  return {
    text: `${title}: ${page.entries.length} shown.`,
    blocks: Message()
      .blocks(
        Blocks.Section({ text: `*${title}*` }),
        ...page.entries.map((entry) => Blocks.Section({ text: entryText(entry) })),
        ...older,
      )
      .getBlocks(),
  };
}
