import type { App, Context } from '@slack/bolt';
import type { Database } from '../db/client.ts';
import { NotAllowedError } from '../domain/errors.ts';
import { findSlackLinkedUser, NOT_LINKED_MESSAGE, type ActorRef } from '../services/actors.ts';

const ACTOR = 'switchboardActor';

/**
 * Middleware: finds the stored user linked to the Slack user behind every request and keeps a
 * reference in the context. It decides nothing; services check privileges on every call.
 */
export function registerActorLookup(app: App, db: Database): void {
  app.use(async ({ context, next }) => {
    const team = context.teamId ?? context.enterpriseId;
    if (team && context.userId) {
      const user = await findSlackLinkedUser(db, team, context.userId);
      if (user) context[ACTOR] = { userId: user.id } satisfies ActorRef;
    }
    await next();
  });
}

/** The acting stored user, or a NotAllowedError saying the Slack user is not linked. */
export function actorOf(context: Context): ActorRef {
  const actor = context[ACTOR] as ActorRef | undefined;
  if (!actor) throw new NotAllowedError(NOT_LINKED_MESSAGE);
  return actor;
}
