import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { Listeners } from '../../slack/listeners.ts';
import { z } from 'zod';
import { listAudit } from './audit-log.ts';
import { actorOf } from '../../slack/actor.ts';
import { AUDIT_PAGE_ACTION, auditMessage } from './audit.blocks.ts';
import type { SlackDeps } from '../../slack/deps.ts';
import { answerTextCommand } from '../../slack/answer-command.ts';
import { answerClick } from '../../slack/answer-click.ts';
import { readPayload } from '../../slack/metadata.ts';

export const COMMAND = '/audit';
const USAGE =
  'Usage: `/audit` — the latest changes in your companies; `/audit name@example.com` — about one user; `/audit <company>` — about a company and its customers.';
const pageValue = z.object({ about: z.string(), olderThan: z.string() });

/** `/audit [email | company]`: the latest changes in scope, and Older › to page back. */
export function register(app: Listeners, { db }: SlackDeps): void {
  app.command(COMMAND, (request) =>
    answerTextCommand(request, USAGE, async (args, actor) => {
      return auditMessage(await listAudit(db, actor, args.onlyEmail() ?? args.company() ?? ''));
    }),
  );

  app.action<BlockAction<ButtonAction>>(AUDIT_PAGE_ACTION, (args) =>
    answerClick(
      args,
      async () => {
        const page = readPayload(pageValue, args.action.value, 'page link');
        return { replace: auditMessage(await listAudit(db, actorOf(args.context), page.about, page.olderThan)) };
      },
      'That page link is not valid any more; run /audit again.',
    ),
  );
}
