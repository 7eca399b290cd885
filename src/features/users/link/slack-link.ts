import type { Tx } from '../../../db/client.ts';
import { Prisma } from '../../../db/generated/client.ts';
import { asPerson, type Actor } from '../../../core/actors.ts';
import { recordAudit, userTarget } from '../../../core/audit.ts';
import { ValidationError, type FieldErrors } from '../../../core/errors.ts';
import { enqueueNotice } from '../../../core/outbox.ts';
import { channelsFor, directMessageTo } from '../../../core/notice-routing.ts';
import { isInScope } from '../../../core/scope.ts';
import { lockSlackAccount } from '../../../core/slack-account-lock.ts';
import type { ServiceSettings } from '../../../core/settings.ts';
import { fullName } from '../../../core/users.rules.ts';
import { redirectPasswordLinks } from '../../invitations/index.ts';
import type { SlackLinkNotice } from '../user-notices.rules.ts';
import { SLACK_FIELD, type SlackAccount } from './slack-link.rules.ts';

/**
 * A Slack account another user holds, as a field error: one Slack account, one user. Takes the
 * account's lock first (held to the end of the transaction), so two links of one account made at
 * the same moment — even one whose workspace is not known yet, which the unique index can't
 * see — are one after the other, and the second is refused here. The holder is named when the
 * actor may see them; otherwise the refusal does not say that anyone holds it.
 */
export async function takenSlackAccount(
  tx: Tx,
  actor: Actor,
  slackUserId: string,
  exceptUserId?: string,
): Promise<FieldErrors> {
  await lockSlackAccount(tx, slackUserId);
  const holder = await tx.user.findFirst({
    where: { slackUserId, ...(exceptUserId ? { id: { not: exceptUserId } } : {}) },
    select: { firstName: true, lastName: true, email: true, organizationId: true },
  });
  if (!holder) return {};
  if (!(await isInScope(tx, actor, holder.organizationId))) {
    return { [SLACK_FIELD]: 'That Slack account can’t be linked to this user; choose another.' };
  }
  return { [SLACK_FIELD]: slackAccountTaken(`${fullName(holder)} (${holder.email})`) };
}

function slackAccountTaken(holder: string): string {
  return `That Slack account is already linked to ${holder}; a Slack account belongs to one user only. Unlink it from them first, or choose another.`;
}

/** The unique index on (slack_team_id, slack_user_id) refused a link made at the same moment. */
function isSlackLinkClash(error: unknown): boolean {
  return (
    error instanceof Prisma.PrismaClientKnownRequestError &&
    error.code === 'P2002' &&
    JSON.stringify(error.meta ?? {}).includes('slack_user_id')
  );
}

/**
 * Runs a use case that may link a Slack account: a link the unique index refused (made at the
 * same moment) is told in the same words as the check, without the name it can't know.
 */
export async function refusingSlackLinkClash<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isSlackLinkClash(error)) {
      throw new ValidationError({ [SLACK_FIELD]: slackAccountTaken('another user a moment ago') });
    }
    throw error;
  }
}

/** A user row as it was before its Slack link changed (locked, or created in this transaction). */
export interface LinkedRow {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  organizationId: string;
  organization: { name: string };
  active: boolean;
  invitedAt: Date | null;
  slackTeamId: string | null;
  slackUserId: string | null;
}

/**
 * Records a change of a user's Slack link that the caller has written, from the row as it was
 * before: audited, announced in the notify channel, the newly linked account told what it can do
 * now, and the account unlinked told it no longer acts for them.
 */
export async function recordSlackLinkChange(
  tx: Tx,
  settings: ServiceSettings,
  actor: Actor,
  row: LinkedRow,
  after: SlackAccount | null,
  /** False when another notice announces the change (a new user's). */
  announce = true,
) {
  const before = row.slackUserId;
  if (before === (after?.userId ?? null)) return;
  if (before) await redirectPasswordLinks(tx, settings, row.id);
  await recordAudit(tx, {
    actor,
    action: after ? 'user.slack_linked' : 'user.slack_unlinked',
    ...userTarget(row),
    before: { slackUserId: before },
    after: { slackUserId: after?.userId ?? null },
  });
  const notice = (audience: SlackLinkNotice['audience']): SlackLinkNotice => ({
    type: after ? 'user.slack_linked' : 'user.slack_unlinked',
    audience,
    user: { fullName: fullName(row), email: row.email },
    company: row.organization.name,
    slackUserId: after?.userId ?? null,
    previousSlackUserId: before,
    userState: row.invitedAt ? 'invited' : row.active ? 'active' : 'deactivated',
    by: asPerson(actor),
  });
  if (announce)
    await enqueueNotice(tx, await channelsFor(tx, settings, 'confirmations', row.organizationId), notice('channel'));
  if (after)
    await enqueueNotice(
      tx,
      directMessageTo({ slackTeamId: after.teamId, slackUserId: after.userId }),
      notice('subject'),
    );
  await enqueueNotice(tx, directMessageTo({ slackTeamId: row.slackTeamId, slackUserId: before }), notice('previous'));
}
