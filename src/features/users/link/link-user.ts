import type { Database } from '../../../db/client.ts';
import { requireCapability, type ActorRef } from '../../../core/actors.ts';
import { ValidationError } from '../../../core/errors.ts';
import type { ServiceSettings } from '../../../core/settings.ts';
import { slackTeamIdSchema, slackUserIdSchema } from '../../../core/slack-ids.rules.ts';
import { lockUserByEmail } from '../../../core/user-rows.ts';
import { quote } from '../../../core/text.rules.ts';
import { fullName } from '../../../core/users.rules.ts';
import {
  isSlackLinkClash,
  recordSlackLinkChange,
  SLACK_FIELD,
  SLACK_LINK_RACE,
  takenSlackAccount,
  type SlackAccount,
} from './slack-link.ts';

interface LinkResult {
  user: { id: string; fullName: string; email: string };
  /** The account linked before; false when nothing changed. */
  previous: string | null;
  changed: boolean;
}

/**
 * Links a user (by email) to a Slack account — the operator's way (`switchboard users link`).
 * The workspace is the one given, else it is taken from the account's first request to the app
 * (one app serves one workspace). Refused for an unknown email, an id that is no Slack member id,
 * and an account another user holds. Audited and announced; the account is told it can use
 * Switchboard now.
 */
export async function linkSlackAccount(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  input: { email: string; slackUserId: string; slackTeamId?: string },
): Promise<LinkResult> {
  const account = readAccount(input);
  try {
    return await db.$transaction(async (tx) => {
      const actor = await requireCapability(tx, ref, 'manageUsers');
      const target = await lockUserByEmail(tx, actor, input.email);
      const user = { id: target.id, fullName: fullName(target), email: target.email };
      if (target.slackUserId === account.userId) return { user, previous: target.slackUserId, changed: false };
      const taken = await takenSlackAccount(tx, actor, account.userId, target.id);
      if (Object.keys(taken).length) throw new ValidationError(taken);
      await tx.user.update({
        where: { id: target.id },
        data: { slackTeamId: account.teamId, slackUserId: account.userId, version: { increment: 1 } },
      });
      const before = target.slackUserId ? { teamId: target.slackTeamId, userId: target.slackUserId } : null;
      const company = target.organization.name;
      await recordSlackLinkChange(tx, settings, actor, { ...target, company }, { before, after: account });
      return { user, previous: target.slackUserId, changed: true };
    });
  } catch (error) {
    if (isSlackLinkClash(error)) throw SLACK_LINK_RACE;
    throw error;
  }
}

/** Removes a user's Slack link (`switchboard users unlink`): audited and announced. */
export async function unlinkSlackAccount(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  input: { email: string },
): Promise<LinkResult> {
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const target = await lockUserByEmail(tx, actor, input.email);
    const user = { id: target.id, fullName: fullName(target), email: target.email };
    if (!target.slackUserId) return { user, previous: null, changed: false };
    await tx.user.update({
      where: { id: target.id },
      data: { slackTeamId: null, slackUserId: null, version: { increment: 1 } },
    });
    const before = { teamId: target.slackTeamId, userId: target.slackUserId };
    const company = target.organization.name;
    await recordSlackLinkChange(tx, settings, actor, { ...target, company }, { before, after: null });
    return { user, previous: target.slackUserId, changed: true };
  });
}

function readAccount(input: { slackUserId: string; slackTeamId?: string }): SlackAccount {
  const userId = slackUserIdSchema.safeParse(input.slackUserId);
  const teamId = input.slackTeamId === undefined ? undefined : slackTeamIdSchema.safeParse(input.slackTeamId);
  const errors = {
    ...(userId.success ? {} : { [SLACK_FIELD]: `${quote(input.slackUserId)}: ${userId.error.issues[0]!.message}` }),
    ...(teamId && !teamId.success
      ? { slackTeam: `${quote(input.slackTeamId ?? '')}: ${teamId.error.issues[0]!.message}` }
      : {}),
  };
  if (!userId.success || (teamId && !teamId.success)) throw new ValidationError(errors);
  return { userId: userId.data, teamId: teamId?.success ? teamId.data : null };
}
