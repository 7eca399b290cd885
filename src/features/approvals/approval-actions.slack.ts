import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { cancelAdminRequest, checkMayDecide, decideAdminRequest, endOwnGrant, requestFormTarget } from './approvals.ts';
import { actorOf } from '../../slack/actor.ts';
import { CANCEL_REQUEST_ACTION, denyModal, END_GRANT_ACTION, requestAdminModal } from './admin-rights.blocks.ts';
import { APPROVE_ACTION, DENY_ACTION } from './approval-notices.blocks.ts';
import { REQUEST_ADMIN_ACTION } from '../users/index.ts';
import type { SlackDeps } from '../../slack/deps.ts';
import { escapeMrkdwn } from '../../slack/mrkdwn.ts';
import { openFromClick } from '../../slack/open-from-click.ts';
import { refusalText } from '../../slack/respond-error.ts';
import { readTarget } from '../../slack/metadata.ts';

type Click = BlockAction<ButtonAction>;

/** Approve / Deny on a request, Cancel one's request, End one's grant, and Request admin rights on a card. */
export function register(app: App, { db, settings }: SlackDeps): void {
  const tell = (respond: (message: object) => Promise<unknown>, text: string) =>
    respond({ response_type: 'ephemeral', replace_original: false, text });
  /** Runs `work` and tells the clicker, privately, what it says or why it was refused. */
  const answerPrivately = async (respond: (message: object) => Promise<unknown>, work: () => Promise<string>) => {
    let text: string;
    try {
      text = await work();
    } catch (error) {
      const refusal = refusalText(error);
      if (!refusal) throw error;
      text = refusal;
    }
    await tell(respond, text);
  };

  app.action<Click>(APPROVE_ACTION, async ({ ack, action, context, respond }) => {
    await ack();
    await answerPrivately(respond, async () => {
      const result = await decideAdminRequest(db, settings, actorOf(context), action.value ?? '', { approve: true });
      const name = escapeMrkdwn(result.target.fullName);
      return result.outcome === 'granted'
        ? `You approved; ${name} is now an admin.`
        : `You approved (${result.given} of ${result.required}); it still needs ${result.required - result.given} more.`;
    });
  });

  app.action<Click>(DENY_ACTION, async ({ ack, action, body, context, client, respond, logger }) => {
    await ack();
    await openFromClick(
      { client, respond, logger, triggerId: body.trigger_id },
      async () => {
        await checkMayDecide(db, actorOf(context), action.value ?? '');
        return denyModal(action.value ?? '');
      },
      'That button is broken.',
    );
  });

  app.action<Click>(CANCEL_REQUEST_ACTION, async ({ ack, action, context, respond }) => {
    await ack();
    await answerPrivately(respond, async () => {
      const result = await cancelAdminRequest(db, settings, actorOf(context), action.value ?? '');
      return `Your request for ${escapeMrkdwn(result.target.fullName)} was cancelled.`;
    });
  });

  app.action<Click>(END_GRANT_ACTION, async ({ ack, action, context, respond }) => {
    await ack();
    await answerPrivately(respond, async () => {
      await endOwnGrant(db, settings, actorOf(context), action.value ?? '');
      return 'Your admin rights have ended.';
    });
  });

  app.action<Click>(REQUEST_ADMIN_ACTION, async ({ ack, action, body, context, client, respond, logger }) => {
    await ack();
    await openFromClick(
      { client, respond, logger, triggerId: body.trigger_id },
      async () => {
        const target = readTarget(action.value);
        if (!target) throw new Error('broken');
        const found = await requestFormTarget(db, actorOf(context), { userId: target.id });
        return requestAdminModal({ target: { userId: found.id }, targetText: `${found.fullName} (${found.email})` });
      },
      'That button is broken; open the user again with /users.',
    );
  });
}
