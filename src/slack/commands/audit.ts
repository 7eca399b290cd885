import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { listAudit } from '../../services/audit-log.ts';
import { actorOf } from '../actor.ts';
import { AUDIT_PAGE_ACTION, auditMessage } from '../blocks/audit.ts';
import type { SlackDeps } from '../deps.ts';
import { refusalText } from '../respond-error.ts';

export const COMMAND = '/audit';
const pageValue = z.object({ about: z.string(), olderThan: z.string() });

/** `/audit [email | company]`: the latest changes in scope, and Older › to page back. */
export function register(app: App, { db }: SlackDeps): void {
  app.command(COMMAND, async ({ command, ack, context }) => {
    try {
      await ack({ response_type: 'ephemeral', ...auditMessage(await listAudit(db, actorOf(context), command.text)) });
    } catch (error) {
      const text = refusalText(error);
      if (!text) throw error;
      await ack({ response_type: 'ephemeral', text });
    }
  });

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
