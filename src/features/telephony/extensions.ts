import type { Database } from '../../db/client.ts';
import { Prisma } from '../../db/generated/client.ts';
import { checkExtension, checkPolicy, nextFreeExtension, type ExtensionPolicy } from './extensions.rules.ts';
import { ConflictError, ValidationError } from '../../core/errors.ts';
import { fullName, personName } from '../../core/users.rules.ts';
import { requireCapability, type ActorRef } from '../../core/actors.ts';
import { recordAudit, userTarget } from '../../core/audit.ts';
import { companyNamed } from '../../core/scope.ts';
import { lockUserByEmail } from '../../core/user-rows.ts';
import { plural } from '../../core/words.rules.ts';
import { LIST_PAGE_SIZE, pageAt } from '../../core/lists.rules.ts';

export interface ExtensionOverview {
  /** The company's path, as people read it. */
  company: string;
  /** Its name, as /extensions takes it (for the page buttons). */
  companyName: string;
  policy: ExtensionPolicy;
  /** A page of the taken extensions, shortest first, from `offset` (0-based); `total` counts them all. */
  taken: { extension: string; user: string }[];
  total: number;
  offset: number;
  nextFree: string | undefined;
}

const byLengthThenDigits = (a: string, b: string) => a.length - b.length || a.localeCompare(b);

/**
 * A company's extensions: the length policy, the next free one, and who has which — a page of
 * them from `offset`, or `all` of them (as the CLI lists them).
 */
export async function extensionOverview(
  db: Database,
  ref: ActorRef,
  company?: string,
  { offset = 0, all = false }: { offset?: number; all?: boolean } = {},
): Promise<ExtensionOverview> {
  const actor = await requireCapability(db, ref, 'viewDirectory');
  const chosen = await companyNamed(db, actor, company);
  const organization = await db.organization.findUniqueOrThrow({ where: { id: chosen.id } });
  // Every taken extension (short strings) for the next free one and the order; names for the page only.
  const extensions = (
    await db.user.findMany({
      where: { organizationId: chosen.id, extension: { not: null } },
      select: { extension: true },
    })
  )
    .map((user) => user.extension!)
    .sort(byLengthThenDigits);
  const policy = { min: organization.extensionMinDigits, max: organization.extensionMaxDigits };
  const page = all ? { offset: 0 } : pageAt(offset, extensions.length);
  const shown = all ? extensions : extensions.slice(page.offset, page.offset + LIST_PAGE_SIZE);
  const holders = await db.user.findMany({
    where: { organizationId: chosen.id, extension: { in: shown } },
    select: { extension: true, firstName: true, lastName: true, email: true },
  });
  const holderOf = new Map(holders.map((user) => [user.extension!, personName(user)]));
  return {
    company: chosen.path,
    companyName: chosen.name,
    policy,
    taken: shown.flatMap((extension) => {
      const user = holderOf.get(extension);
      return user ? [{ extension, user }] : [];
    }),
    total: extensions.length,
    offset: page.offset,
    nextFree: nextFreeExtension(new Set(extensions), policy),
  };
}

/**
 * Gives a user of the actor's companies an extension (`next`: the next free one), or takes it away
 * (null). Checked against the company's policy; unique within the company (in the database too, so
 * two admins at once can't both take one).
 */
export async function setExtension(
  db: Database,
  ref: ActorRef,
  input: { email: string; extension: string | 'next' | null },
): Promise<{ user: string; extension: string | null }> {
  try {
    return await db.$transaction(async (tx) => {
      const actor = await requireCapability(tx, ref, 'manageUsers');
      const user = await lockUserByEmail(tx, actor, input.email);
      const organization = await tx.organization.findUniqueOrThrow({ where: { id: user.organizationId } });
      const policy = { min: organization.extensionMinDigits, max: organization.extensionMaxDigits };
      let extension: string | null = null;
      if (input.extension === 'next') {
        const taken = await tx.user.findMany({
          where: { organizationId: user.organizationId, extension: { not: null } },
          select: { extension: true },
        });
        extension = nextFreeExtension(new Set(taken.map((row) => row.extension!)), policy) ?? null;
        if (!extension) throw new ConflictError(`${organization.name} has no free extension left within its policy.`);
      } else if (input.extension !== null) {
        const checked = checkExtension(input.extension, policy);
        if (!checked.ok) throw new ValidationError(checked.errors);
        extension = checked.value;
        const holder = await tx.user.findFirst({
          where: { organizationId: user.organizationId, extension, id: { not: user.id } },
        });
        if (holder)
          throw new ConflictError(
            `Extension ${extension} is taken by ${fullName(holder)}. The next free one is shown by /extensions.`,
          );
      }
      await tx.user.update({ where: { id: user.id }, data: { extension, version: { increment: 1 } } });
      const name = fullName(user);
      await recordAudit(tx, {
        actor,
        action: 'user.extension_set',
        ...userTarget(user),
        before: { extension: user.extension },
        after: { extension },
      });
      return { user: name, extension };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new ConflictError('Someone took that extension a moment ago; pick another (see /extensions).');
    }
    throw error;
  }
}

/** Sets a company's extension length policy; refused while existing extensions would not fit. */
export async function setExtensionPolicy(
  db: Database,
  ref: ActorRef,
  input: { company?: string; min: number; max: number },
): Promise<{ company: string; policy: ExtensionPolicy }> {
  const checked = checkPolicy(input.min, input.max);
  if (!checked.ok) throw new ValidationError(checked.errors);
  const policy = checked.value;
  return db.$transaction(async (tx) => {
    const actor = await requireCapability(tx, ref, 'manageUsers');
    const company = await companyNamed(tx, actor, input.company);
    const existing = await tx.user.findMany({
      where: { organizationId: company.id, extension: { not: null } },
      select: { extension: true },
    });
    const misfits = existing
      .map((row) => row.extension!)
      .filter((extension) => extension.length < policy.min || extension.length > policy.max)
      .sort();
    if (misfits.length) {
      throw new ConflictError(
        `${plural(misfits.length, 'extension')} would not fit (e.g. ${misfits[0]}); change them first.`,
      );
    }
    const before = await tx.organization.findUniqueOrThrow({ where: { id: company.id } });
    await tx.organization.update({
      where: { id: company.id },
      data: { extensionMinDigits: policy.min, extensionMaxDigits: policy.max },
    });
    await recordAudit(tx, {
      actor,
      action: 'organization.extension_policy',
      target: { type: 'organization', id: company.id, label: company.path },
      organizationId: company.id,
      before: { min: before.extensionMinDigits, max: before.extensionMaxDigits },
      after: { ...policy },
    });
    return { company: company.path, policy };
  });
}
