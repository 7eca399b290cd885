import { addMinutes } from 'date-fns/addMinutes';
import type { Tx } from '../../db/client.ts';
import { searchTextOf } from '../../core/users.rules.ts';
import { actorName, type Actor } from '../../core/actors.ts';
import { copyText } from './invitation-copy.ts';

/** Where a batch of invitations goes: one company, by one actor, maybe from one import. */
interface InvitationBatchTarget {
  organizationId: string;
  actor: Actor;
  ttlMinutes: number;
  importId?: string;
  /** From a file import: delivered after the interactive ones (see invitation-delivery.ts). */
  bulk?: boolean;
  now: Date;
}

interface InvitedPerson {
  userId: string;
  email: string;
  license: boolean;
}

/**
 * Lists new people as invited users of the company, in the caller's transaction, with set-based
 * statements so a file of 100,000 rows takes a few of them per batch. An email that already is a
 * user (also one added concurrently) is skipped, so running the same rows twice invites nobody
 * twice. Those with their license on are due for delivery now; the others wait for a license.
 * Seats are the caller's business (see `claimSeats` and `giveSeats`).
 */
export async function insertInvitations(
  tx: Tx,
  target: InvitationBatchTarget,
  rows: { email: string; license: boolean }[],
): Promise<InvitedPerson[]> {
  if (!rows.length) return [];
  const emails = rows.map((row) => row.email);
  const search = rows.map((row) =>
    searchTextOf({
      firstName: '',
      lastName: '',
      email: row.email,
      title: null,
      officePhone: null,
      mobilePhone: null,
      faxPhone: null,
    }),
  );
  const licensed = rows.map((row) => row.license);
  const expiresAt = addMinutes(target.now, target.ttlMinutes);
  // One statement per batch: the users, their invitations and their audit events.
  return tx.$queryRaw<InvitedPerson[]>`
    WITH input AS (
      SELECT * FROM unnest(${emails}::text[], ${search}::text[], ${licensed}::boolean[]) AS r(email, search, licensed)
    ), users AS (
      INSERT INTO "user" (id, organization_id, email, first_name, last_name, active, invited_at, search_text, updated_at)
      SELECT gen_random_uuid(), ${target.organizationId}::uuid, email, '', '', false, ${target.now}, search, ${target.now}
      FROM input
      ON CONFLICT (email) DO NOTHING
      RETURNING id, email
    ), people AS (
      SELECT users.id, users.email, input.licensed FROM users JOIN input USING (email)
    ), invitations AS (
      INSERT INTO invitation (id, user_id, status, expires_at, deliver_at, sent_at, invited_by, import_id, bulk)
      SELECT gen_random_uuid(), id,
        (CASE WHEN licensed THEN 'sent' ELSE 'waiting_license' END)::invitation_status,
        CASE WHEN licensed THEN ${expiresAt}::timestamptz END,
        CASE WHEN licensed THEN ${target.now}::timestamptz END,
        CASE WHEN licensed THEN ${target.now}::timestamptz END,
        ${actorName(target.actor)}, ${target.importId ?? null}::uuid, ${target.bulk ?? false}
      FROM people
    ), audit AS (
      INSERT INTO audit_event (actor_id, actor_label, action, target_type, target_id, target_label, organization_id, after)
      SELECT ${target.actor.id}::uuid, ${target.actor.label}, 'user.invited', 'user', id::text, email,
        ${target.organizationId}::uuid, jsonb_build_object('license', licensed)
      FROM people
    )
    SELECT id::text AS "userId", email, licensed AS license FROM people`;
}

/** Gives each of these users a seat of the product (after `claimSeats` said there are enough). */
export async function giveSeats(tx: Tx, productId: string, userIds: string[]): Promise<void> {
  if (!userIds.length) return;
  await tx.$executeRaw`
    INSERT INTO license_assignment (id, user_id, product_id)
    SELECT gen_random_uuid(), user_id, ${productId}::uuid FROM unnest(${userIds}::uuid[]) AS user_id`;
}

/** Where an import's rows are streamed (COPY) before the set-wise inserts; gone at the end of the transaction. */
export const STAGING = 'invite_staging';
/** The people an import listed (emails that were not users yet), for their seats. */
const IMPORTED = 'invite_imported';

/** Creates the import's staging tables in the caller's transaction (temporary, dropped at its end). */
export async function createInvitationStaging(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe(
    `CREATE TEMP TABLE ${STAGING} (email text NOT NULL, search text NOT NULL, licensed boolean NOT NULL) ON COMMIT DROP`,
  );
  await tx.$executeRawUnsafe(
    `CREATE TEMP TABLE ${IMPORTED} (user_id uuid NOT NULL, licensed boolean NOT NULL) ON COMMIT DROP`,
  );
}

/** Rows as lines of COPY's text format for the staging table (email, search text, license). */
export function stagingLines(rows: { email: string; license: boolean }[]): string {
  let text = '';
  for (const row of rows) {
    const search = searchTextOf({
      firstName: '',
      lastName: '',
      email: row.email,
      title: null,
      officePhone: null,
      mobilePhone: null,
      faxPhone: null,
    });
    text += `${copyText(row.email)}\t${copyText(search)}\t${row.license ? 't' : 'f'}\n`;
  }
  return text;
}

/**
 * Lists the staged people as invited users of the company in one statement: the users, their
 * invitations and a `user.invited` audit event each, as insertInvitations does for a batch. An
 * email that already is a user (also one added concurrently) is skipped. Remembers who was listed
 * for giveStagedSeats.
 */
export async function insertStagedInvitations(
  tx: Tx,
  target: InvitationBatchTarget,
): Promise<{ invited: number; licensed: number }> {
  const expiresAt = addMinutes(target.now, target.ttlMinutes);
  const [counts] = await tx.$queryRawUnsafe<{ invited: number; licensed: number }[]>(
    `WITH users AS (
      INSERT INTO "user" (id, organization_id, email, first_name, last_name, active, invited_at, search_text, updated_at)
      SELECT gen_random_uuid(), $1::uuid, email, '', '', false, $2::timestamptz, search, $2::timestamptz
      FROM ${STAGING}
      ON CONFLICT (email) DO NOTHING
      RETURNING id, email
    ), people AS (
      SELECT users.id, users.email, staged.licensed FROM users JOIN ${STAGING} AS staged USING (email)
    ), invitations AS (
      INSERT INTO invitation (id, user_id, status, expires_at, deliver_at, sent_at, invited_by, import_id, bulk)
      SELECT gen_random_uuid(), id,
        (CASE WHEN licensed THEN 'sent' ELSE 'waiting_license' END)::invitation_status,
        CASE WHEN licensed THEN $3::timestamptz END,
        CASE WHEN licensed THEN $2::timestamptz END,
        CASE WHEN licensed THEN $2::timestamptz END,
        $4::text, $5::uuid, $6::boolean
      FROM people
    ), audit AS (
      INSERT INTO audit_event (actor_id, actor_label, action, target_type, target_id, target_label, organization_id, after)
      SELECT $7::uuid, $8::text, 'user.invited', 'user', id::text, email, $1::uuid, jsonb_build_object('license', licensed)
      FROM people
    ), listed AS (
      INSERT INTO ${IMPORTED} (user_id, licensed) SELECT id, licensed FROM people
    )
    SELECT count(*)::int AS invited, (count(*) FILTER (WHERE licensed))::int AS licensed FROM people`,
    target.organizationId,
    target.now,
    expiresAt,
    actorName(target.actor),
    target.importId ?? null,
    target.bulk ?? false,
    target.actor.id,
    target.actor.label,
  );
  return counts!;
}

/** Gives each person listed by insertStagedInvitations with their license on a seat of the product. */
export async function giveStagedSeats(tx: Tx, productId: string): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO license_assignment (id, user_id, product_id)
     SELECT gen_random_uuid(), user_id, $1::uuid FROM ${IMPORTED} WHERE licensed`,
    productId,
  );
}
