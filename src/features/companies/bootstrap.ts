import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { ValidationError, type FieldErrors } from '../../core/errors.ts';
import { organizationNameSchema } from './companies.rules.ts';
import { slackTeamIdSchema, slackUserIdSchema } from '../../core/slack-ids.rules.ts';
import { emailSchema, fullName, MAX_NAME_LENGTH, personLabel, searchTextOf } from '../../core/users.rules.ts';
import { characterCount, textField } from '../../core/text.rules.ts';
import { recordAudit } from '../../core/audit.ts';

interface BootstrapInput {
  organization: string;
  email: string;
  name: string;
  slackUserId: string;
  /** Optional: when missing, the link takes the team of the admin's first Slack request. */
  slackTeamId?: string;
}

type BootstrapResult =
  | { created: true; organization: string; admin: { email: string; fullName: string } }
  | { created: false; organization: string; admins: string[] };

const inputSchema = z.object({
  organization: organizationNameSchema,
  email: emailSchema,
  name: textField({ what: 'admin’s full name', max: 2 * MAX_NAME_LENGTH + 1, visible: true })
    // The first name is everything but the last word; each part follows the rules of the Add user form.
    .refine((name) => splitName(name).every((part) => characterCount(part) <= MAX_NAME_LENGTH), {
      message: `The first and the last name have at most ${MAX_NAME_LENGTH} characters each.`,
    }),
  slackUserId: slackUserIdSchema,
  slackTeamId: slackTeamIdSchema.optional(),
});

const CLI = { id: null, label: 'system:cli' };

// Serializes concurrent bootstraps, so two of them can't both create a root organization.
const BOOTSTRAP_LOCK_KEY = 7_466_323_002;

/**
 * Creates the root organization and its first active admin, linked to a Slack user. Runs once:
 * when a root organization exists, it changes nothing and says who the admins are.
 */
export async function bootstrapFirstAdmin(db: Database, input: BootstrapInput): Promise<BootstrapResult> {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    throw new ValidationError(errors);
  }
  const { organization, email, name, slackUserId, slackTeamId } = parsed.data;
  const [firstName, lastName] = splitName(name);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK_KEY})`;
    const root = await tx.organization.findFirst({
      where: { parentId: null },
      include: { users: { where: { admin: true, active: true } } },
      orderBy: { createdAt: 'asc' },
    });
    if (root) {
      return { created: false, organization: root.name, admins: root.users.map((u) => u.email) };
    }
    const org = await tx.organization.create({ data: { name: organization } });
    const admin = await tx.user.create({
      data: {
        organizationId: org.id,
        email,
        firstName,
        lastName,
        active: true,
        admin: true,
        portalAccess: true,
        slackUserId,
        slackTeamId: slackTeamId ?? null,
        searchText: searchTextOf({
          firstName,
          lastName,
          email,
          title: null,
          officePhone: null,
          mobilePhone: null,
          faxPhone: null,
        }),
      },
    });
    await recordAudit(tx, {
      actor: CLI,
      action: 'organization.created',
      target: { type: 'organization', id: org.id, label: org.name },
      organizationId: org.id,
      after: { name: org.name },
    });
    await recordAudit(tx, {
      actor: CLI,
      action: 'user.created',
      target: { type: 'user', id: admin.id, label: personLabel(admin) },
      organizationId: org.id,
      after: { email, firstName, lastName, privileges: ['Active', 'Admin', 'Portal Access'], slackUserId },
    });
    return { created: true, organization: org.name, admin: { email, fullName: fullName(admin) } };
  });
}

/** "Ada King Lovelace" → ["Ada King", "Lovelace"]; a single word is a first name. */
function splitName(name: string): [string, string] {
  const cut = name.lastIndexOf(' ');
  return cut < 0 ? [name, ''] : [name.slice(0, cut).trim(), name.slice(cut + 1)];
}
