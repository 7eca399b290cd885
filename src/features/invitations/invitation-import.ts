import { allowBulkWork, type Database, type Tx } from '../../db/client.ts';
import { ValidationError } from '../../core/errors.ts';
import {
  InviteFileError,
  readInviteBatches,
  type FileSource,
  type InviteFile,
  type InviteRow,
} from './invite-csv.rules.ts';
import { requireCapability, type Actor, type ActorRef } from '../../core/actors.ts';
import { recordAudit } from '../../core/audit.ts';
import { giveSeats, insertInvitations } from './invitation-writer.ts';
import { companyNamed, companyWithId } from '../../core/scope.ts';
import { announce } from '../../core/outbox.ts';
import { channelsFor } from '../../core/notice-routing.ts';
import { claimSeats, productNamed } from '../licenses/index.ts';
import type { ServiceSettings } from '../../core/settings.ts';
import type { InvitationImportNotice } from './invitation-notices.rules.ts';

const NEEDS_PRODUCT = 'Some rows turn a license on: say which product (e.g. Meet).';

/** How many invalid rows a preview names (the rest are counted). */
export const INVALID_NAMED = 10;

export interface InvitePreview {
  company: string;
  product: string | null;
  rows: number;
  /** Rows for people who are not users yet. */
  newPeople: number;
  /** Rows whose email already is a user's login. */
  alreadyUsers: number;
  /** Rows whose email is a user invited before (uploading a file twice invites nobody twice). */
  alreadyInvited: number;
  duplicates: number;
  invalid: number;
  /** The first invalid rows, with their line and why. */
  firstInvalid: { line: number; reason: string }[];
  /** New people with their license on need a seat each. */
  seatsNeeded: number;
  seatsAvailable: number | null;
}

export interface ImportResult {
  company: string;
  invited: number;
  waitingForLicense: number;
  skipped: number;
}

type Company = { id: string; name: string; path: string };
type Product = { id: string; name: string } | null;

/** Which company: the one with this id (Slack's picker) or name (the CLI), in scope. */
type CompanyChoice = { organizationId: string } | { company?: string };

async function resolveTarget(tx: Database | Tx, actor: Actor, choice: CompanyChoice, productName?: string) {
  const company: Company =
    'organizationId' in choice
      ? await companyWithId(tx, actor, choice.organizationId)
      : await companyNamed(tx, actor, choice.company);
  return { company, product: await productNamed(tx, productName) };
}

/** Splits a batch by what the database already knows of its emails. */
async function classify(db: Database | Tx, rows: InviteRow[]) {
  // One array parameter rather than thousands of bind parameters.
  const known = await db.$queryRaw<{ email: string; invited: boolean }[]>`
    SELECT email, invited_at IS NOT NULL AS invited FROM "user" WHERE email = ANY(${rows.map((row) => row.email)}::text[])`;
  const invited = new Set(known.filter((user) => user.invited).map((user) => user.email));
  const users = new Set(known.filter((user) => !user.invited).map((user) => user.email));
  return {
    fresh: rows.filter((row) => !invited.has(row.email) && !users.has(row.email)),
    alreadyInvited: invited.size,
    alreadyUsers: users.size,
  };
}

async function seatsAvailable(db: Database | Tx, company: Company, product: Product): Promise<number | null> {
  if (!product) return null;
  const pool = await db.licensePool.findUnique({
    where: { organizationId_productId: { organizationId: company.id, productId: product.id } },
  });
  const inUse = await db.licenseAssignment.count({
    where: { productId: product.id, user: { organizationId: company.id } },
  });
  return (pool?.seats ?? 0) - inUse;
}

/**
 * The dry run of an invitation file for a company in the actor's scope: what importing it would
 * do, and whether the company has the seats. Streams the file; changes nothing. Admins only.
 * Throws InviteFileError (as a ValidationError) for a file that is refused whole.
 */
export async function previewInvitations(
  db: Database,
  ref: ActorRef,
  input: CompanyChoice & { product?: string; source: FileSource },
): Promise<InvitePreview> {
  const actor = await requireCapability(db, ref, 'manageUsers');
  const { company, product } = await resolveTarget(db, actor, input, input.product);
  const preview: InvitePreview = {
    company: company.path,
    product: product?.name ?? null,
    rows: 0,
    newPeople: 0,
    alreadyUsers: 0,
    alreadyInvited: 0,
    duplicates: 0,
    invalid: 0,
    firstInvalid: [],
    seatsNeeded: 0,
    seatsAvailable: await seatsAvailable(db, company, product),
  };
  await forEachBatch(input.source, async (batch) => {
    const { fresh, alreadyInvited, alreadyUsers } = await classify(db, batch.rows);
    preview.rows += batch.rows.length + batch.invalid.length + batch.duplicates.length;
    preview.newPeople += fresh.length;
    preview.alreadyInvited += alreadyInvited;
    preview.alreadyUsers += alreadyUsers;
    preview.duplicates += batch.duplicates.length;
    preview.invalid += batch.invalid.length;
    preview.firstInvalid.push(...batch.invalid.slice(0, INVALID_NAMED - preview.firstInvalid.length));
    preview.seatsNeeded += fresh.filter((row) => row.license).length;
  });
  if (preview.seatsNeeded && !product) {
    throw new ValidationError({ product: NEEDS_PRODUCT });
  }
  return preview;
}

/**
 * Imports an invitation file: every new person is listed as invited, those with their license on
 * take a seat and are sent an invitation. All or nothing: a file refused part-way, or too few
 * seats, changes nothing. Idempotent: people who already are users or invited are skipped.
 * Ends with one summary in the invites channel. `onProgress` hears after each batch; it is called
 * inside the import's transaction and not waited for, so it must not hold it up (a progress edit
 * in Slack goes out while the import goes on).
 */
export async function importInvitations(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  input: CompanyChoice & {
    product?: string;
    fileName: string;
    source: FileSource;
    importId?: string;
    onProgress?: (rowsDone: number) => void;
  },
): Promise<ImportResult> {
  return db.$transaction(
    async (tx) => {
      // Its batches and the seat check may outlast the pool's limits meant for Slack requests.
      await allowBulkWork(tx);
      const actor = await requireCapability(tx, ref, 'manageUsers');
      const { company, product } = await resolveTarget(tx, actor, input, input.product);
      const target = {
        organizationId: company.id,
        actor,
        ttlMinutes: settings.invitations.ttlMinutes,
        importId: input.importId,
        // Delivered after interactive invitations: a big file never holds up a single one.
        bulk: true,
        now: new Date(),
      };
      const result: ImportResult = { company: company.path, invited: 0, waitingForLicense: 0, skipped: 0 };
      const licensed: string[] = [];
      let rowsDone = 0;
      await forEachBatch(input.source, async (batch) => {
        // Emails that already are users are skipped by the insert itself (ON CONFLICT).
        const people = await insertInvitations(tx, target, batch.rows);
        for (const person of people) {
          if (person.license) licensed.push(person.userId);
          else result.waitingForLicense += 1;
        }
        result.invited += people.length;
        rowsDone += batch.rows.length + batch.invalid.length + batch.duplicates.length;
        result.skipped = rowsDone - result.invited;
        input.onProgress?.(rowsDone);
      });
      if (licensed.length) {
        if (!product) throw new ValidationError({ product: NEEDS_PRODUCT });
        await claimSeats(
          tx,
          { organizationId: company.id, companyName: company.name, productId: product.id, productName: product.name },
          licensed.length,
        );
        await giveSeats(tx, product.id, licensed);
      }
      await recordAudit(tx, {
        actor,
        action: 'invitations.imported',
        target: { type: 'organization', id: company.id, label: company.path },
        organizationId: company.id,
        after: { file: input.fileName, invited: result.invited, skipped: result.skipped },
      });
      await announce<InvitationImportNotice>(tx, await channelsFor(tx, settings, 'invitations', company.id), actor, {
        type: 'invitations.imported',
        company: company.path,
        fileName: input.fileName,
        invited: result.invited - result.waitingForLicense,
        waitingForLicense: result.waitingForLicense,
        skipped: result.skipped,
      });
      return result;
    },
    // A file of 100,000 rows is one transaction: give it the time it needs.
    { timeout: 10 * 60_000, maxWait: 30_000 },
  );
}

async function forEachBatch(source: FileSource, each: (batch: InviteFile) => Promise<void>) {
  try {
    for await (const batch of readInviteBatches(source)) await each(batch);
  } catch (error) {
    if (error instanceof InviteFileError) throw new ValidationError({ file: error.message });
    throw error;
  }
}
