import type { Database } from '../../../db/client.ts';
import type { ActorRef } from '../../../core/actors.ts';
import { showUser } from '../directory/directory.ts';
import { companiesForNewUser } from '../../../core/scope.ts';
import { editUserModal } from '../add/user-form.blocks.ts';
import { MAX_RESPONSE_URL } from './edit-saved.slack.ts';

/** The "Edit user" modal filled with the user as they are now, and the companies the actor may choose. */
export async function editModalFor(
  db: Database,
  actor: ActorRef,
  userId: string,
  notice?: string,
  responseUrl?: string,
) {
  const choices = await companiesForNewUser(db, actor);
  const card = await showUser(db, actor, userId);
  return editUserModal({
    userId: card.id,
    version: card.version,
    notice,
    // One too long to keep would make the form's metadata unreadable at save ("out of date"):
    // without it, the list of changes comes as a direct message instead.
    responseUrl: responseUrl && responseUrl.length <= MAX_RESPONSE_URL ? responseUrl : undefined,
    selected: { id: card.organizationId, path: card.companyPath },
    companies: choices.companies,
    totalCompanies: choices.total,
    values: {
      email: card.pendingEmail ?? card.email,
      firstName: card.firstName,
      lastName: card.lastName,
      title: card.title,
      officePhone: card.officePhone,
      mobilePhone: card.mobilePhone,
      faxPhone: card.faxPhone,
      privileges: { active: card.active, admin: card.admin, portalAccess: card.portalAccess },
      slackUserId: card.slackUserId,
    },
  });
}
