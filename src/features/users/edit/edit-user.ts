import type { Database, Tx } from '../../../db/client.ts';
import { asPerson, requireCapability, type Actor, type ActorRef } from '../../../core/actors.ts';
import { recordAudit } from '../../../core/audit.ts';
import { ValidationError, type FieldErrors } from '../../../core/errors.ts';
import { enqueueNotice } from '../../../core/outbox.ts';
import { channelsFor, directMessageInWorkspaceOf } from '../../../core/notice-routing.ts';
import { isInScope } from '../../../core/scope.ts';
import type { ServiceSettings } from '../../../core/settings.ts';
import { keepOneActiveAdmin, type LockedUser } from '../../../core/user-rows.ts';
import {
  fullName,
  personLabel,
  searchTextOf,
  validateProfile,
  type Profile,
  type ProfileForm,
} from '../../../core/users.rules.ts';
import { EMAIL_TAKEN } from '../add/add-user.ts';
import type { EmailConfirmationNotice, UserEditedNotice } from '../user-notices.rules.ts';
import { lockForChange } from './lock-for-change.ts';
import { formatOptionalPhone } from '../../../core/phone.rules.ts';
import { recordSlackLinkChange, refusingSlackLinkClash, takenSlackAccount } from '../link/slack-link.ts';
import { SLACK_FIELD, type SlackAccount } from '../link/slack-link.rules.ts';

const FIELD_LABELS: Record<string, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  title: 'Title',
  officePhone: 'Office number',
  mobilePhone: 'Cellular number',
  faxPhone: 'Fax number',
  organizationId: 'Company',
  active: 'Active',
  admin: 'Admin',
  portalAccess: 'Portal Access',
  pendingEmail: 'Email (awaiting confirmation)',
};

/** One change as the person who saved reads it: the field, and its value before and after, in words. */
export interface EditChange {
  label: string;
  before: string | null;
  after: string | null;
  /** The values are Slack user ids (shown as mentions). */
  slack?: true;
}

interface EditResult {
  user: { id: string; fullName: string; email: string };
  /** Set when the email changes: the login switches once its owner confirms. */
  pendingEmail: string | null;
  /** Whether the owner of the new email was asked in Slack (else the admin must tell them). */
  confirmationSent: boolean;
  changed: string[];
  /** What changed, old → new, in words (the Slack account too). */
  changes: EditChange[];
}

/** What Edit saves: the user and the version the form showed, the form, and what Slack was asked before. */
export interface EditInput {
  userId: string;
  version: number;
  form: ProfileForm;
  /** The Slack member with the new email, if any: asked to confirm it. */
  emailOwnerSlackId?: string;
  /** Another Slack account to link, null to unlink, undefined to leave it. */
  slack?: SlackAccount | null;
}

/**
 * Edits a user's details (the portal's "edit user"). A new email is kept pending until its owner
 * confirms it. Active and Portal Access may be set here; Admin may only be removed (it is granted
 * by approval). Same validation as adding a user; optimistic concurrency by `version`. `slack`
 * links another Slack account (found and checked by the caller before the transaction), null
 * unlinks, undefined leaves it; one Slack account belongs to one user.
 */
export async function editUser(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  input: EditInput,
): Promise<EditResult> {
  const checked = validateProfile(input.form, settings.defaultPhoneRegion);
  return refusingSlackLinkClash(() => saveEdit(db, settings, ref, { ...input, checked }));
}

function saveEdit(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  input: EditInput & { checked: ReturnType<typeof validateProfile> },
): Promise<EditResult> {
  const { userId, version, form, checked, emailOwnerSlackId, slack } = input;
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const target = await lockForChange(tx, actor, userId, version);
    const errors: FieldErrors = checked.ok ? {} : { ...checked.errors };
    if (form.privileges.admin && !target.admin) {
      errors.privileges =
        'Admin rights are granted by an approval request, not here. Untick Admin to save the other changes.';
    }
    if (target.id === actor.id && (!form.privileges.active || !form.privileges.admin)) {
      errors.privileges = "You can't take away your own Active or Admin privilege; ask another admin.";
    }
    if (checked.ok) Object.assign(errors, await conflicts(tx, actor, target, checked.value));
    const relinks = slack !== undefined && (slack?.userId ?? null) !== target.slackUserId;
    if (relinks && target.id === actor.id) {
      errors[SLACK_FIELD] =
        'You can’t change the Slack account of your own user: you would lose Switchboard in Slack. Ask another admin.';
    } else if (relinks && slack) {
      Object.assign(errors, await takenSlackAccount(tx, actor, slack.userId, target.id));
    }
    if (!checked.ok || Object.keys(errors).length) throw new ValidationError(errors);
    const next = checked.value;
    if ((!next.privileges.active || !next.privileges.admin) && target.admin && target.active) {
      await keepOneActiveAdmin(tx, target);
    }
    const emailChanges = next.email !== target.email;
    const after = {
      firstName: next.firstName,
      lastName: next.lastName,
      title: next.title,
      officePhone: next.officePhone,
      mobilePhone: next.mobilePhone,
      faxPhone: next.faxPhone,
      organizationId: next.organizationId,
      active: next.privileges.active,
      admin: next.privileges.admin,
      portalAccess: next.privileges.portalAccess,
      // Typing the current email again withdraws a pending change.
      pendingEmail: emailChanges ? next.email : null,
    };
    const before = Object.fromEntries(Object.keys(after).map((key) => [key, target[key as keyof typeof after]]));
    const changed = Object.keys(after).filter((key) => before[key] !== after[key as keyof typeof after]);
    const user = { id: target.id, fullName: fullName(next), email: target.email };
    if (!changed.length && !relinks) {
      return { user, pendingEmail: target.pendingEmail, confirmationSent: false, changed: [], changes: [] };
    }
    const deactivating = target.active && !after.active;
    const linked = relinks ? { slackTeamId: slack?.teamId ?? null, slackUserId: slack?.userId ?? null } : {};
    await tx.user.update({
      where: { id: target.id },
      data: {
        ...after,
        ...linked,
        searchText: searchTextOf({ ...after, email: target.email }),
        version: { increment: 1 },
        ...(after.active === target.active
          ? {}
          : { deactivatedAt: deactivating ? new Date() : null, deactivatedBy: deactivating ? actor.label : null }),
      },
    });
    const pick = (values: Record<string, unknown>) =>
      Object.fromEntries(changed.map((key) => [key, values[key] as never]));
    if (relinks) await recordSlackLinkChange(tx, settings, actor, target, slack ?? null);
    const changes = await changesInWords(tx, changed, before, after, target);
    if (relinks)
      changes.push({ label: 'Slack account', before: target.slackUserId, after: slack?.userId ?? null, slack: true });
    if (!changed.length)
      return { user, pendingEmail: target.pendingEmail, confirmationSent: false, changed: [], changes };
    await recordAudit(tx, {
      actor,
      action: 'user.edited',
      target: { type: 'user', id: target.id, label: personLabel({ fullName: user.fullName, email: target.email }) },
      organizationId: target.organizationId,
      before: pick(before),
      after: pick(after),
    });
    const labels = changed.map((key) => FIELD_LABELS[key] ?? key);
    // A move to another company is news in the workspaces of both.
    const to = [
      ...(await channelsFor(tx, settings, 'confirmations', target.organizationId)),
      ...(next.organizationId === target.organizationId
        ? []
        : await channelsFor(tx, settings, 'confirmations', next.organizationId)),
    ];
    await enqueueNotice<UserEditedNotice>(tx, to, {
      type: 'user.edited',
      audience: 'channel',
      user: { fullName: user.fullName, email: target.email },
      company: target.organization.name,
      fields: labels,
      by: asPerson(actor),
    });
    const confirmationSent = Boolean(emailChanges && emailOwnerSlackId);
    if (emailChanges && emailOwnerSlackId) {
      // The owner was found in the workspace the admin asked from.
      await enqueueNotice<EmailConfirmationNotice>(tx, directMessageInWorkspaceOf(ref, emailOwnerSlackId), {
        type: 'user.email_confirmation',
        audience: 'owner',
        userId: target.id,
        fullName: user.fullName,
        newEmail: next.email,
        requestedBy: asPerson(actor),
      });
    }
    return { user, pendingEmail: after.pendingEmail, confirmationSent, changed: labels, changes };
  });
}

const PHONE_FIELDS = new Set(['officePhone', 'mobilePhone', 'faxPhone']);

/** The changed fields, old → new, as a person reads them: company names, numbers, yes/no for privileges. */
async function changesInWords(
  tx: Tx,
  changed: string[],
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  target: LockedUser,
): Promise<EditChange[]> {
  const companyName = async (id: unknown) =>
    id === target.organizationId
      ? target.organization.name
      : ((await tx.organization.findUnique({ where: { id: String(id) }, select: { name: true } }))?.name ?? null);
  const words = async (key: string, value: unknown): Promise<string | null> => {
    if (key === 'organizationId') return companyName(value);
    if (PHONE_FIELDS.has(key)) return formatOptionalPhone(value as string | null);
    if (typeof value === 'boolean') return value ? 'yes' : 'no';
    return value === null || value === undefined || value === '' ? null : String(value);
  };
  return Promise.all(
    changed.map(async (key) => ({
      label: FIELD_LABELS[key] ?? key,
      before: await words(key, before[key]),
      after: await words(key, after[key]),
    })),
  );
}

async function conflicts(tx: Tx, actor: Actor, target: LockedUser, next: Profile): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  if (next.email !== target.email) {
    const holder = await tx.user.findUnique({ where: { email: next.email }, select: { id: true } });
    if (holder) errors.email = EMAIL_TAKEN;
  }
  if (next.organizationId !== target.organizationId) {
    if (!(await isInScope(tx, actor, next.organizationId))) {
      errors.organizationId = `Choose a company from the list: you can move users within ${actor.organizationName} and its customer companies only.`;
    } else if (target.extension || target.locationId) {
      // Extensions and locations belong to a company: they don't travel with the user.
      const clash = target.extension
        ? await tx.user.findFirst({ where: { organizationId: next.organizationId, extension: target.extension } })
        : null;
      if (clash) {
        errors.organizationId = `Extension ${target.extension} is taken in that company by ${fullName(clash)}; change the extension first (/extensions).`;
      } else if (target.locationId) {
        errors.organizationId =
          'The user works at a location of their current company; clear it first (/locations set <email> none).';
      }
    }
  }
  return errors;
}
