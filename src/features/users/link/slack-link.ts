import type { Tx } from '../../../db/client.ts';
import { Prisma } from '../../../db/generated/client.ts';
import { asPerson, type Actor } from '../../../core/actors.ts';
import { recordAudit, userTarget } from '../../../core/audit.ts';
import { ValidationError, type FieldErrors } from '../../../core/errors.ts';
import { enqueueNotice } from '../../../core/outbox.ts';
import { isInScope } from '../../../core/scope.ts';
import type { ServiceSettings } from '../../../core/settings.ts';
import { fullName } from '../../../core/users.rules.ts';
import type { SlackLinkNotice } from '../user-notices.rules.ts';

/** The field of the user forms (and the CLI's option) that names the Slack account. */
export const SLACK_FIELD = 'slackUser';

/** A Slack account to link: the workspace (null when not known yet: set at their first request) and the member. */
export interface SlackAccount {
  teamId: string | null;
  userId: string;
}

/**
 * A Slack account another user holds, as a field error: one Slack account, one user. The holder
 * is named when the actor may see them; otherwise only that someone outside their companies has it.
 */
export async function takenSlackAccount(
  tx: Tx,
  actor: Actor,
  slackUserId: string,
  exceptUserId?: string,
): Promise<FieldErrors> {
  const holder = await tx.user.findFirst({
    where: { slackUserId, ...(exceptUserId ? { id: { not: exceptUserId } } : {}) },
    select: { firstName: true, lastName: true, email: true, organizationId: true },
  });
  if (!holder) return {};
  const named = (await isInScope(tx, actor, holder.organizationId))
    ? `${fullName(holder)} (${holder.email})`
    : 'a user outside your companies';
  return { [SLACK_FIELD]: slackAccountTaken(named) };
}

function slackAccountTaken(holder: string): string {
  return `That Slack account is already linked to ${holder}; a Slack account belongs to one user only. Unlink it from them first, or choose another.`;
}

/** The unique index on (slack_team_id, slack_user_id) refused a link made at the same moment. */
export function isSlackLinkClash(error: unknown): boolean {
  return (
    error instanceof Prisma.PrismaClientKnownRequestError &&
    error.code === 'P2002' &&
    JSON.stringify(error.meta ?? {}).includes('slack_user_id')
  );
}

/** What a lost race on the unique index says: the same words as the check, without the name it can't know. */
export const SLACK_LINK_RACE = new ValidationError({ [SLACK_FIELD]: slackAccountTaken('another user a moment ago') });

/**
 * Records a change of a user's Slack link that the caller has written (the row locked): audited,
 * announced in the notify channel, and the newly linked account told it can now use Switchboard.
 */
export async function recordSlackLinkChange(
  tx: Tx,
  settings: ServiceSettings,
  actor: Actor,
  user: { id: string; firstName: string; lastName: string; email: string; organizationId: string; company: string },
  change: { before: SlackAccount | null; after: SlackAccount | null },
  /** False when another notice announces the change (a new user's). */
  announce = true,
) {
  const { before, after } = change;
  if (before?.userId === after?.userId) return;
  await recordAudit(tx, {
    actor,
    action: after ? 'user.slack_linked' : 'user.slack_unlinked',
    ...userTarget(user),
    before: { slackUserId: before?.userId ?? null },
    after: { slackUserId: after?.userId ?? null },
  });
  const notice = (audience: SlackLinkNotice['audience']): SlackLinkNotice => ({
    type: after ? 'user.slack_linked' : 'user.slack_unlinked',
    audience,
    user: { fullName: fullName(user), email: user.email },
    company: user.company,
    slackUserId: after?.userId ?? null,
    previousSlackUserId: before?.userId ?? null,
    by: asPerson(actor),
  });
  if (announce) await enqueueNotice(tx, settings.notifyChannel, notice('channel'));
  if (after) await enqueueNotice(tx, after.userId, notice('subject'));
}
