import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { Listeners } from '../../slack/listeners.ts';
import { personName } from '../../core/users.rules.ts';
import { cancelAdminRequest } from './cancel-request.ts';
import { checkMayDecide, decideAdminRequest } from './decide-request.ts';
import { endOwnGrant } from './end-grant.ts';
import { requestFormTarget } from './request-admin.ts';
import { actorOf } from '../../slack/actor.ts';
import { CANCEL_REQUEST_ACTION, denyModal, END_GRANT_ACTION, requestAdminModal } from './admin-rights.blocks.ts';
import { APPROVE_ACTION, DENY_ACTION } from './approval-notices.blocks.ts';
import { REQUEST_ADMIN_ACTION } from '../users/index.ts';
import type { SlackDeps } from '../../slack/deps.ts';
import { escapeMrkdwn } from '../../slack/mrkdwn.ts';
import { answerClick } from '../../slack/answer-click.ts';
import { openFromClick } from '../../slack/open-from-click.ts';
import { readTarget } from '../../slack/metadata.ts';

type Click = BlockAction<ButtonAction>;

/** Approve / Deny on a request, Cancel one's request, End one's grant, and Request admin rights on a card. */
export function register(app: Listeners, { db, settings }: SlackDeps): void {
  app.action<Click>(APPROVE_ACTION, (args) =>
    answerClick(args, async () => {
      const result = await decideAdminRequest(db, settings, actorOf(args.context), args.action.value ?? '', {
        approve: true,
      });
      const name = escapeMrkdwn(result.target.fullName);
      return result.outcome === 'granted'
        ? `You approved; ${name} is now an admin.`
        : `You approved (${result.given} of ${result.required}); it still needs ${result.required - result.given} more.`;
    }),
  );

  app.action<Click>(DENY_ACTION, (args) =>
    openFromClick(
      args,
      async () => {
        await checkMayDecide(db, actorOf(args.context), args.action.value ?? '');
        return denyModal(args.action.value ?? '');
      },
      'That button is broken.',
    ),
  );

  app.action<Click>(CANCEL_REQUEST_ACTION, (args) =>
    answerClick(args, async () => {
      const result = await cancelAdminRequest(db, settings, actorOf(args.context), args.action.value ?? '');
      return `Your request for ${escapeMrkdwn(result.target.fullName)} was cancelled.`;
    }),
  );

  app.action<Click>(END_GRANT_ACTION, (args) =>
    answerClick(args, async () => {
      await endOwnGrant(db, settings, actorOf(args.context), args.action.value ?? '');
      return 'Your admin rights have ended.';
    }),
  );

  app.action<Click>(REQUEST_ADMIN_ACTION, (args) =>
    openFromClick(
      args,
      async () => {
        const target = readTarget(args.action.value);
        const found = await requestFormTarget(db, settings, actorOf(args.context), { userId: target.id });
        return requestAdminModal({ target: { userId: found.id }, targetText: personName(found) });
      },
      'That button is broken; open the user again with /users.',
    ),
  );
}
