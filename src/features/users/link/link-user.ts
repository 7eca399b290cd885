import type { Database } from '../../../db/client.ts';
import { requireCapability, type ActorRef } from '../../../core/actors.ts';
import { recordAudit, userTarget } from '../../../core/audit.ts';
import { ValidationError } from '../../../core/errors.ts';
import type { ServiceSettings } from '../../../core/settings.ts';
import { slackTeamIdSchema, slackUserIdSchema } from '../../../core/slack-ids.rules.ts';
import { lockUserByEmail } from '../../../core/user-rows.ts';
import { quote } from '../../../core/text.rules.ts';
import { fullName } from '../../../core/users.rules.ts';
import { recordSlackLinkChange, refusingSlackLinkClash, takenSlackAccount } from './slack-link.ts';
import { SLACK_FIELD, type SlackAccount } from './slack-link.rules.ts';

interface LinkResult {
  user: { id: string; fullName: string; email: string };
  /** The account linked before. */
  previous: string | null;
  /** 'linked' / 'unlinked', 'workspace' when only the account's workspace was set, or 'none'. */
  change: 'linked' | 'unlinked' | 'workspace' | 'none';
  /** Whether Switchboard acts for them now: deactivated or invited users can't act yet. */
  userState: 'active' | 'invited' | 'deactivated';
}

const stateOf = (user: { active: boolean; invitedAt: Date | null }) =>
  user.invitedAt ? 'invited' : user.active ? 'active' : 'deactivated';

/**
 * Links a user (by email) to a Slack account — the operator's way (`switchboard users link`).
 * The workspace is the one given, else it is taken from the account's first request to the app
 * (one app serves one workspace). Refused for an unknown email, an id that is no Slack member id,
 * and an account another user holds. Audited and announced; the account is told it is linked.
 */
export async function linkSlackAccount(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  input: { email: string; slackUserId: string; slackTeamId?: string },
): Promise<LinkResult> {
  const account = readAccount(input);
  return refusingSlackLinkClash(() =>
    db.$transaction(async (tx) => {
      const actor = await requireCapability(tx, ref, 'manageUsers');
      const target = await lockUserByEmail(tx, actor, input.email);
      const result = { user: userOf(target), previous: target.slackUserId, userState: stateOf(target) } as const;
      if (target.slackUserId === account.userId) {
        // The same account: only a workspace given that differs from the one stored is a change.
        if (!account.teamId || account.teamId === target.slackTeamId) return { ...result, change: 'none' };
        await tx.user.update({
          where: { id: target.id },
          data: { slackTeamId: account.teamId, version: { increment: 1 } },
        });
        await recordAudit(tx, {
          actor,
          action: 'user.slack_linked',
          ...userTarget(target),
          before: { slackTeamId: target.slackTeamId },
          after: { slackTeamId: account.teamId },
        });
        return { ...result, change: 'workspace' };
      }
      const taken = await takenSlackAccount(tx, actor, account.userId, target.id);
      if (Object.keys(taken).length) throw new ValidationError(taken);
      await tx.user.update({
        where: { id: target.id },
        data: { slackTeamId: account.teamId, slackUserId: account.userId, version: { increment: 1 } },
      });
      await recordSlackLinkChange(tx, settings, actor, target, account);
      return { ...result, change: 'linked' };
    }),
  );
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
    const result = { user: userOf(target), previous: target.slackUserId, userState: stateOf(target) } as const;
    if (!target.slackUserId) return { ...result, change: 'none' };
    await tx.user.update({
      where: { id: target.id },
      data: { slackTeamId: null, slackUserId: null, version: { increment: 1 } },
    });
    await recordSlackLinkChange(tx, settings, actor, target, null);
    return { ...result, change: 'unlinked' };
  });
}

function userOf(target: { id: string; firstName: string; lastName: string; email: string }) {
  return { id: target.id, fullName: fullName(target), email: target.email };
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
