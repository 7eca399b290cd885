import type { Context } from '@slack/bolt';
import { NotAllowedError } from '../core/errors.ts';
import { NOT_LINKED_MESSAGE, type ActorRef } from '../core/actors.ts';

/**
 * The Slack user behind a request, as the services' actor. The services look up the linked stored
 * user and check their privileges themselves, on every call.
 */
export function actorOf(context: Context): Extract<ActorRef, { slackTeamId: string }> {
  const team = context.teamId ?? context.enterpriseId;
  if (!team || !context.userId) throw new NotAllowedError(NOT_LINKED_MESSAGE);
  const enterprise = context.enterpriseId ? { slackEnterpriseId: context.enterpriseId } : {};
  return { slackTeamId: team, slackUserId: context.userId, ...enterprise };
}
