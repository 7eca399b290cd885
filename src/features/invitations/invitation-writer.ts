import { addMinutes } from 'date-fns/addMinutes';
import type { Tx } from '../../db/client.ts';
import { searchTextOf } from '../../core/users.rules.ts';
import { actorName, type Actor } from '../../core/actors.ts';

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
