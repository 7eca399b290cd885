import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { CommandArgs } from '../../slack/command-text.rules.ts';
import { listAudit } from './audit-log.ts';
import { actorOf } from '../../slack/actor.ts';
import { AUDIT_PAGE_ACTION, auditMessage } from './audit.blocks.ts';
import type { SlackDeps } from '../../slack/deps.ts';
import { refusalText } from '../../slack/respond-error.ts';
import { answerCommand } from '../../slack/answer-command.ts';

export const COMMAND = '/audit';
const USAGE =
  'Usage: `/audit` — the latest changes in your companies; `/audit name@example.com` — about one user; `/audit <company>` — about a company and its customers.';
const pageValue = z.object({ about: z.string(), olderThan: z.string() });

/** `/audit [email | company]`: the latest changes in scope, and Older › to page back. */
export function register(app: App, { db }: SlackDeps): void {
  app.command(COMMAND, ({ command, ack, context }) =>
    answerCommand(
      ack,
      async () => {
        const args = CommandArgs.read(command.text);
        if (args.wantsHelp()) return USAGE;
        return auditMessage(await listAudit(db, actorOf(context), args.onlyEmail() ?? args.company() ?? ''));
      },
      USAGE,
    ),
  );

  app.action<BlockAction<ButtonAction>>(AUDIT_PAGE_ACTION, async ({ ack, action, context, respond }) => {
    await ack();
    try {
      const page = pageValue.parse(JSON.parse(action.value ?? ''));
      await respond({
        replace_original: true,
        ...auditMessage(await listAudit(db, actorOf(context), page.about, page.olderThan)),
      });
    } catch (error) {
      await respond({
        replace_original: false,
        text: refusalText(error) ?? 'That page link is not valid any more; run /audit again.',
      });
    }
  });
}
