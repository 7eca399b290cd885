import type { Database, Tx } from '../../db/client.ts';
import { ConflictError, NotAllowedError, NotFoundError, ValidationError } from '../../core/errors.ts';
import { validateInviteeDetails } from './invitations.rules.ts';
import { fullName, outsideName, searchTextOf } from '../../core/users.rules.ts';
import { recordAudit, userTarget } from '../../core/audit.ts';
import { hashInvitationToken, isTokenShaped } from './invitation-tokens.ts';
import { enqueueNotice } from '../../core/outbox.ts';
import { channelsFor } from '../../core/notice-routing.ts';
import { lockSlackAccount } from '../../core/slack-account-lock.ts';
import { hashPassword } from '../../core/passwords.ts';
import type { ServiceSettings } from '../../core/settings.ts';
import { isUuid } from '../../core/ids.rules.ts';
import type { InvitationNotice } from './invitation-notices.rules.ts';

/** What the invitation page shows for a link. */
export type LinkState =
  | { state: 'open'; email: string; company: string; firstName: string; lastName: string; expiresAt: Date }
  | { state: 'unknown' | 'revoked' | 'accepted' | 'declined' | 'replaced' }
  | { state: 'held'; invitedBy: string }
  | { state: 'expired'; expiredAt: Date };

const WITH_USER = { user: { include: { organization: { select: { name: true } } } } } as const;

async function invitationForToken(db: Database | Tx, token: string, lock: boolean) {
  if (!isTokenShaped(token)) return null;
  const hash = hashInvitationToken(token);
  if (lock) await db.$queryRaw`SELECT id FROM invitation WHERE token_hash = ${hash} FOR UPDATE`;
  return db.invitation.findUnique({ where: { tokenHash: hash }, include: WITH_USER });
}

/** The invitation whose link this was before a re-send replaced it or it was put on hold. */
async function invitationOfRetiredToken(db: Database | Tx, token: string) {
  if (!isTokenShaped(token)) return null;
  const retired = await db.retiredInvitationLink.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    include: { invitation: { include: WITH_USER } },
  });
  return retired?.invitation ?? null;
}

function stateOf(invitation: Awaited<ReturnType<typeof invitationForToken>>, now: Date): LinkState {
  if (!invitation) return { state: 'unknown' };
  switch (invitation.status) {
    case 'sent':
      if (invitation.expiresAt && invitation.expiresAt <= now)
        return { state: 'expired', expiredAt: invitation.expiresAt };
      return {
        state: 'open',
        email: invitation.user.email,
        company: invitation.user.organization.name,
        firstName: invitation.user.firstName,
        lastName: invitation.user.lastName,
        expiresAt: invitation.expiresAt!,
      };
    case 'expired':
      return { state: 'expired', expiredAt: invitation.expiresAt ?? now };
    case 'waiting_license':
      return { state: 'held', invitedBy: invitation.invitedBy };
    default:
      return { state: invitation.status };
  }
}

/**
 * What a retired link leads to: on hold while its invitation is; replaced while a newer link is
 * out (or has run out); otherwise what became of the invitation (accepted, declined, revoked).
 */
function retiredStateOf(invitation: NonNullable<Awaited<ReturnType<typeof invitationOfRetiredToken>>>): LinkState {
  switch (invitation.status) {
    case 'waiting_license':
      return { state: 'held', invitedBy: invitation.invitedBy };
    case 'sent':
    case 'expired':
      return { state: 'replaced' };
    default:
      return { state: invitation.status };
  }
}

/** What an invitation link leads to, without changing anything. */
export async function inspectInvitationLink(db: Database | Tx, token: string, now = new Date()): Promise<LinkState> {
  const invitation = await invitationForToken(db, token, false);
  if (invitation) return stateOf(invitation, now);
  const retired = await invitationOfRetiredToken(db, token);
  return retired ? retiredStateOf(retired) : { state: 'unknown' };
}

/**
 * Accepts an invitation from its link: the person gives their name and a password (≥ 6, twice) and
 * their user becomes Active. The link works once. A link that is not open (unknown, expired,
 * revoked, used) is refused with its state, changing nothing.
 */
export async function acceptWithPassword(
  db: Database,
  settings: ServiceSettings,
  token: string,
  form: { firstName: string; lastName: string; password: string; passwordConfirmation: string },
  now = new Date(),
): Promise<{ state: 'joined'; fullName: string; email: string } | LinkState> {
  const details = validateInviteeDetails(form);
  if (!details.ok) throw new ValidationError(details.errors);
  const passwordHash = await hashPassword(details.value.password);
  return db.$transaction(async (tx) => {
    const invitation = await invitationForToken(tx, token, true);
    if (!invitation) return inspectInvitationLink(tx, token, now);
    const state = stateOf(invitation, now);
    if (state.state !== 'open') return state;
    const { firstName, lastName } = details.value;
    await join(tx, settings, invitation, { firstName, lastName, passwordHash }, 'web', now);
    return { state: 'joined' as const, fullName: `${firstName} ${lastName}`, email: invitation.user.email };
  });
}

type OpenInvitation = NonNullable<Awaited<ReturnType<typeof invitationForToken>>>;

async function join(
  tx: Tx,
  settings: ServiceSettings,
  invitation: OpenInvitation,
  change: { firstName: string; lastName: string; passwordHash?: string; slack?: { teamId: string; userId: string } },
  via: 'web' | 'slack',
  now: Date,
) {
  const user = invitation.user;
  const joined = { ...user, firstName: change.firstName, lastName: change.lastName };
  await tx.user.update({
    where: { id: user.id },
    data: {
      firstName: change.firstName,
      lastName: change.lastName,
      searchText: searchTextOf(joined),
      passwordHash: change.passwordHash,
      slackTeamId: change.slack?.teamId,
      slackUserId: change.slack?.userId,
      active: true,
      invitedAt: null,
      version: { increment: 1 },
    },
  });
  await tx.invitation.update({ where: { id: invitation.id }, data: { status: 'accepted', endedAt: now } });
  await recordAudit(tx, {
    actor: { id: user.id, label: user.email },
    action: 'invitation.accepted',
    ...userTarget(joined),
    after: { active: true, via },
  });
  await enqueueNotice<InvitationNotice>(tx, await channelsFor(tx, settings, 'invitations', user.organizationId), {
    type: 'invitation.accepted',
    audience: 'channel',
    user: { fullName: fullName(joined), email: user.email },
    company: user.organization.name,
    via,
  });
}

/** The invitation offered to this Slack user, locked; refuses anyone else's click. */
async function offeredTo(tx: Tx, invitationId: string, slack: { teamId: string; userId: string }, now: Date) {
  if (!isUuid(invitationId)) throw new NotFoundError('That invitation does not exist.');
  await tx.$queryRaw`SELECT id FROM invitation WHERE id = ${invitationId}::uuid FOR UPDATE`;
  const invitation = await tx.invitation.findUnique({ where: { id: invitationId }, include: WITH_USER });
  if (!invitation) throw new NotFoundError('That invitation does not exist any more.');
  if (invitation.slackUserId !== slack.userId || invitation.slackTeamId !== slack.teamId) {
    throw new NotAllowedError('This invitation was sent to someone else.');
  }
  const state = stateOf(invitation, now);
  if (state.state !== 'open') throw new ConflictError(linkStateMessage(state));
  return invitation;
}

/** Why an invitation can't be used, for each state that is not open. */
export function linkStateMessage(state: Exclude<LinkState, { state: 'open' }>): string {
  switch (state.state) {
    case 'unknown':
      return 'This link is not valid. Check that you copied all of it, or ask the admin who sent it to send a new one.';
    case 'replaced':
      return 'This invitation link was replaced by a newer one: use the link in the latest message or email you got from Switchboard.';
    case 'held':
      return `This invitation is on hold until you are given a license; ask ${state.invitedBy || 'the admin who invited you'}.`;
    case 'expired':
      return 'This invitation has expired. Ask the admin who invited you to send it again.';
    case 'revoked':
      return 'This invitation was withdrawn by an admin. Ask them if you think that is a mistake.';
    case 'accepted':
      return 'This invitation has been used already: sign in with your email and password.';
    case 'declined':
      return 'This invitation was declined. Ask the admin who invited you to send it again.';
  }
}

/**
 * Accepts an invitation from its Slack DM: the Slack user it was offered to (found by the invited
 * email) is linked to the new account, which becomes Active. Their name comes from Slack.
 */
export async function acceptInSlack(
  db: Database,
  settings: ServiceSettings,
  invitationId: string,
  slack: { teamId: string; userId: string; firstName: string; lastName: string },
  now = new Date(),
): Promise<{ email: string; company: string }> {
  return db.$transaction(async (tx) => {
    const invitation = await offeredTo(tx, invitationId, slack, now);
    // A link made by the operator may not know its workspace yet (null until the first request).
    await lockSlackAccount(tx, slack.userId);
    const linked = await tx.user.findFirst({
      where: { slackUserId: slack.userId, OR: [{ slackTeamId: slack.teamId }, { slackTeamId: null }] },
    });
    // The invited user themselves may already be linked to this account (Add user linked it).
    if (linked && linked.id !== invitation.userId)
      throw new ConflictError(`Your Slack account is already linked to the Switchboard user ${linked.email}.`);
    const user = invitation.user;
    await join(
      tx,
      settings,
      invitation,
      {
        firstName: user.firstName || outsideName(slack.firstName),
        lastName: user.lastName || outsideName(slack.lastName),
        slack,
      },
      'slack',
      now,
    );
    return { email: user.email, company: user.organization.name };
  });
}

/** Declines an invitation from its Slack DM: the seats it held are free again; the user stays listed. */
export async function declineInSlack(
  db: Database,
  settings: ServiceSettings,
  invitationId: string,
  slack: { teamId: string; userId: string },
  now = new Date(),
): Promise<{ company: string }> {
  return db.$transaction(async (tx) => {
    const invitation = await offeredTo(tx, invitationId, slack, now);
    const user = invitation.user;
    await tx.licenseAssignment.deleteMany({ where: { userId: user.id } });
    await tx.invitation.update({ where: { id: invitation.id }, data: { status: 'declined', endedAt: now } });
    await recordAudit(tx, {
      actor: { id: user.id, label: user.email },
      action: 'invitation.declined',
      target: { type: 'user', id: user.id, label: user.email },
      organizationId: user.organizationId,
    });
    await enqueueNotice<InvitationNotice>(tx, await channelsFor(tx, settings, 'invitations', user.organizationId), {
      type: 'invitation.declined',
      audience: 'channel',
      user: { fullName: fullName(user), email: user.email },
      company: user.organization.name,
    });
    return { company: user.organization.name };
  });
}
