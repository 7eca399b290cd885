import type { Database } from '../../db/client.ts';
import { requireCapability, type ActorRef } from '../../core/actors.ts';
import { ConflictError, DomainError, NotAllowedError, NotFoundError, ValidationError } from '../../core/errors.ts';
import { isUuid } from '../../core/ids.rules.ts';
import type { ServiceSettings } from '../../core/settings.ts';
import { importInvitations, previewInvitations, type ImportResult, type InvitePreview } from './invitation-import.ts';
import type { ImportStatus } from './invitations.rules.ts';

/**
 * Keeps an uploaded file with its dry run until the admin who uploaded it imports or cancels it
 * (Slack's Import / Cancel buttons). A file refused whole is not kept.
 */
export async function stageImport(
  db: Database,
  ref: ActorRef,
  input: { organizationId: string; product?: string; fileName: string; content: Buffer },
): Promise<{ importId: string; preview: InvitePreview }> {
  const preview = await previewInvitations(db, ref, { ...input, source: [input.content] });
  const actor = await requireCapability(db, ref, 'manageUsers');
  const staged = await db.invitationImport.create({
    data: {
      organizationId: input.organizationId,
      actorId: actor.id,
      fileName: input.fileName,
      content: new Uint8Array(input.content),
      counts: { ...preview },
    },
  });
  return { importId: staged.id, preview };
}

const FINISHED: Partial<Record<ImportStatus, string>> = {
  importing: 'This file is being imported already.',
  imported: 'This file was imported already.',
  cancelled: 'This import was cancelled; upload the file again with /inviteusers.',
  failed: 'This import failed and changed nothing; upload the file again with /inviteusers.',
};

async function claimStaged(db: Database, ref: ActorRef, importId: string, to: 'importing' | 'cancelled') {
  const actor = await requireCapability(db, ref, 'manageUsers');
  // A button value that isn't an id finds nothing (PostgreSQL would refuse it with an error).
  const staged = isUuid(importId) ? await db.invitationImport.findUnique({ where: { id: importId } }) : null;
  if (!staged) throw new NotFoundError('That import is gone; upload the file again with /inviteusers.');
  if (staged.actorId !== actor.id)
    throw new NotAllowedError('Only the admin who uploaded this file can import or cancel it.');
  // Only one click wins: the row moves on from "previewed" once.
  const claimed = await db.invitationImport.updateMany({
    where: { id: importId, status: 'previewed' },
    data: to === 'cancelled' ? { status: to, content: null, finishedAt: new Date() } : { status: to },
  });
  if (!claimed.count) throw new ConflictError(FINISHED[staged.status] ?? FINISHED.imported!);
  return staged;
}

/** A staged file's import ran and changed nothing; the message says why. */
export class ImportFailedError extends DomainError {
  constructor(
    readonly fileName: string,
    reason: string,
  ) {
    super(reason);
  }
}

/**
 * Imports a staged file, once; a second click is told it is under way or done. A failure of the
 * import itself (after the click was accepted) is an ImportFailedError.
 */
export async function runStagedImport(
  db: Database,
  settings: ServiceSettings,
  ref: ActorRef,
  importId: string,
  /** Called inside the import's transaction, not waited for: see importInvitations. */
  onProgress?: (progress: { fileName: string; rowsDone: number; rows: number }) => void,
): Promise<ImportResult & { fileName: string }> {
  const staged = await claimStaged(db, ref, importId, 'importing');
  const preview = staged.counts as unknown as InvitePreview;
  try {
    const result = await importInvitations(db, settings, ref, {
      organizationId: staged.organizationId,
      product: preview.product ?? undefined,
      fileName: staged.fileName,
      source: [Buffer.from(staged.content!)],
      importId,
      onProgress: (rowsDone) => onProgress?.({ fileName: staged.fileName, rowsDone, rows: preview.rows }),
    });
    await db.invitationImport.update({
      where: { id: importId },
      data: {
        status: 'imported',
        content: null,
        counts: { ...preview, result: { ...result } },
        finishedAt: new Date(),
      },
    });
    return { ...result, fileName: staged.fileName };
  } catch (error) {
    const reason = error instanceof ValidationError ? Object.values(error.fields).join(' ') : (error as Error).message;
    await db.invitationImport.update({
      where: { id: importId },
      data: { status: 'failed', content: null, error: reason, finishedAt: new Date() },
    });
    if (error instanceof DomainError) throw new ImportFailedError(staged.fileName, reason);
    throw error;
  }
}

/** Drops a staged file without importing it. */
export async function cancelImport(db: Database, ref: ActorRef, importId: string): Promise<void> {
  await claimStaged(db, ref, importId, 'cancelled');
}
