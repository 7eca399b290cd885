import type { Database, Tx } from '../../../db/client.ts';
import { Prisma } from '../../../db/generated/client.ts';
import { ValidationError, type FieldErrors } from '../../../core/errors.ts';
import type { NoSlackLinkReason, UserAddedNotice } from '../user-notices.rules.ts';
import { privilegeLabels } from '../../../core/privileges.rules.ts';
import {
  emailSchema,
  fullName,
  personLabel,
  searchTextOf,
  validateNewUser,
  type NewUserForm,
} from '../../../core/users.rules.ts';
import { actorName, asPerson, requireCapability, type Actor, type ActorRef } from '../../../core/actors.ts';
import { recordAudit } from '../../../core/audit.ts';
import { isInScope } from '../../../core/scope.ts';
import { enqueueNotice } from '../../../core/outbox.ts';
import { channelsFor, directMessageToActor } from '../../../core/notice-routing.ts';
import { approversFor, openRequest } from '../../approvals/index.ts';
import { sendPasswordLink } from '../../invitations/index.ts';
import { recordSlackLinkChange, refusingSlackLinkClash, takenSlackAccount } from '../link/slack-link.ts';
import { type NewUserSlackLink } from '../link/slack-link.rules.ts';
import { hashPassword } from '../../../core/passwords.ts';
import type { ServiceSettings } from '../../../core/settings.ts';
import { lockUser } from '../../../core/user-rows.ts';
import { isUuid } from '../../../core/ids.rules.ts';

interface AddedUser {
  id: string;
  email: string;
  fullName: string;
  company: string;
  /** Admin was ticked: the user was created without it and approvers were asked. */
  adminRequested?: boolean;
  /** Admin was ticked, but too few others could approve it: not asked for. */
  adminNotRequested?: { eligible: number; required: number };
  /** The Slack account linked, or why none was. */
  slack: { linked: string } | { none: NoSlackLinkReason };
  /** No password was typed: how the link to set it goes out. */
  passwordLink?: 'slack' | 'email';
}

export const EMAIL_TAKEN = 'This email is already used by another user; each user needs their own login email.';

/**
 * Creates a user (the portal's "create user"). The actor must be an active Admin, and the company
 * their own or a customer company under it. The user, the audit event and the notices commit
 * together. Throws ValidationError (per field) or NotAllowedError; on either, nothing is written.
 */
export async function addUser(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  form: NewUserForm,
  slackLink: NewUserSlackLink = { none: 'declined' },
): Promise<AddedUser> {
  const checked = validateNewUser(form, settings.defaultPhoneRegion);
  try {
    return await refusingSlackLinkClash(() =>
      db.$transaction(async (tx) => {
        const actor = await requireCapability(tx, ref, 'manageUsers');
        const errors: FieldErrors = {
          ...(checked.ok ? {} : checked.errors),
          ...(await conflicts(tx, actor, form)),
          ...('account' in slackLink ? await takenSlackAccount(tx, actor, slackLink.account.userId) : {}),
        };
        if (!checked.ok || Object.keys(errors).length > 0) throw new ValidationError(errors);
        const user = checked.value;
        const created = await tx.user.create({
          data: {
            email: user.email,
            // No password when they are sent a link to set it (the default): none is typed into Slack.
            passwordHash: user.password === null ? null : await hashPassword(user.password),
            firstName: user.firstName,
            lastName: user.lastName,
            title: user.title,
            officePhone: user.officePhone,
            mobilePhone: user.mobilePhone,
            faxPhone: user.faxPhone,
            organizationId: user.organizationId,
            ...user.privileges,
            // Admin rights are never granted by one person: a ticked Admin box asks the approvers.
            admin: false,
            searchText: searchTextOf(user),
            ...('account' in slackLink
              ? { slackTeamId: slackLink.account.teamId, slackUserId: slackLink.account.userId }
              : {}),
          },
          include: { organization: true },
        });
        const added: AddedUser = {
          id: created.id,
          email: created.email,
          fullName: fullName(created),
          company: created.organization.name,
          slack: 'account' in slackLink ? { linked: slackLink.account.userId } : slackLink,
        };
        await recordAudit(tx, {
          actor,
          action: 'user.created',
          target: { type: 'user', id: created.id, label: personLabel(added) },
          organizationId: created.organizationId,
          after: {
            email: created.email,
            firstName: created.firstName,
            lastName: created.lastName,
            title: created.title,
            officePhone: created.officePhone,
            mobilePhone: created.mobilePhone,
            faxPhone: created.faxPhone,
            company: added.company,
            privileges: privilegeLabels({ ...user.privileges, admin: false }),
            password: user.password === null ? 'link sent' : 'typed',
          },
        });
        // Delivered after the commit by the courier: a DM if the row is linked to Slack, else an email.
        if (user.password === null) {
          await sendPasswordLink(tx, settings, created.id, actorName(actor));
          added.passwordLink = created.slackUserId ? 'slack' : 'email';
        }
        if ('account' in slackLink) {
          const unlinked = { ...created, slackTeamId: null, slackUserId: null };
          await recordSlackLinkChange(tx, settings, actor, unlinked, slackLink.account, false);
        }
        // Admin ticked asks the approvers, unless too few could approve: then the user is added
        // without it, and the actor is told why and what the operator can do.
        const approvers = user.privileges.admin ? await approversFor(tx, settings, actor, created) : undefined;
        if (approvers && approvers.eligible >= approvers.required) added.adminRequested = true;
        else if (approvers) added.adminNotRequested = approvers;
        await announceAddedUser(tx, settings, actor, added, created);
        if (added.adminRequested) {
          const target = (await lockUser(tx, created.id))!;
          await openRequest(tx, settings, actor, target, { reason: `Created with Admin ticked by ${actor.label}.` });
        }
        return added;
      }),
    );
  } catch (error) {
    // Two admins adding the same email at once: the unique index decides, the loser is told.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new ValidationError({ email: EMAIL_TAKEN });
    }
    throw error;
  }
}

/** The checks that need the database: the email is free, the company is in the actor's scope. */
async function conflicts(tx: Tx, actor: Actor, form: NewUserForm): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  const email = emailSchema.safeParse(form.email);
  if (email.success && (await tx.user.findUnique({ where: { email: email.data } }))) {
    errors.email = EMAIL_TAKEN;
  }
  const companyId = form.organizationId;
  const validId = isUuid(companyId);
  if (validId && !(await isInScope(tx, actor, companyId))) {
    errors.organizationId = `Choose a company from the list: you can add users to ${actor.organizationName} and its customer companies only.`;
  }
  return errors;
}

async function announceAddedUser(
  tx: Tx,
  settings: ServiceSettings,
  actor: Actor,
  added: AddedUser,
  created: { organizationId: string; title: string | null; active: boolean; admin: boolean; portalAccess: boolean },
) {
  const notice = (audience: UserAddedNotice['audience']): UserAddedNotice => ({
    type: 'user.added',
    audience,
    user: { id: added.id, fullName: added.fullName, email: added.email, title: created.title },
    company: added.company,
    privileges: { active: created.active, admin: created.admin, portalAccess: created.portalAccess },
    adminRequested: added.adminRequested ?? false,
    ...(added.adminNotRequested ? { adminNotRequested: added.adminNotRequested } : {}),
    ...(added.passwordLink ? { passwordLink: added.passwordLink } : {}),
    slack: added.slack,
    by: asPerson(actor),
  });
  await enqueueNotice(tx, await channelsFor(tx, settings, 'confirmations', created.organizationId), notice('channel'));
  await enqueueNotice(tx, await directMessageToActor(tx, actor), notice('actor'));
}
