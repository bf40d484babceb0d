import 'server-only';

import { and, eq } from 'drizzle-orm';

import { getDb } from '@/db/client';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { paperImportApplications, paperImports, volumes } from '@/db/schema';
import { isUuid } from '@/lib/uuid';
import type { RequestContext } from '@/lib/auth/request-context';
import { requireEditor } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/roles';
import {
  SignedPaperMoveNotConfirmed,
  importPapersInTransaction,
  type PaperImportResult,
} from '@/lib/papers/import-papers';
import { parsePapersCsv } from '@/lib/papers/parse-papers-csv';

import { importScopeProblems } from './import-scope';

export type ApplyPaperImportResult =
  | { ok: true; result: PaperImportResult; filename: string }
  | { ok: false; code: 'not-found' | 'already-applied' | 'invalid' | 'needs-confirmation'; message: string };

/**
 * Applies a staged import the same editor previewed, in one transaction with its audit event.
 * The file is parsed again and compared with the database as it is now, so a preview that
 * went stale cannot write something else than it says.
 */
export async function applyPaperImport(
  user: CurrentUser | null,
  importId: string,
  context: RequestContext,
  options: { confirmSignedMoves?: boolean } = {},
): Promise<ApplyPaperImportResult> {
  requireEditor(user);
  const notFound = {
    ok: false,
    code: 'not-found',
    message: 'This upload was not found. Upload the file again.',
  } as const;
  if (!isUuid(importId)) return notFound;
  const db = await getDb();

  const needsConfirmation = {
    ok: false,
    code: 'needs-confirmation',
    message:
      'This file gives signed papers another corresponding author or email. Tick the confirmation under the list of those papers, then import.',
  } as const;
  try {
    return await applyInTransaction();
  } catch (error) {
    if (error instanceof SignedPaperMoveNotConfirmed) return needsConfirmation;
    throw error;
  }

  async function applyInTransaction(): Promise<ApplyPaperImportResult> {
    return db.transaction(async (tx) => {
      const [staged] = await tx
        .select()
        .from(paperImports)
        .where(and(eq(paperImports.id, importId), eq(paperImports.uploadedByUserId, user!.id)));
      if (!staged) return notFound;
      // Claimed first: the primary key lets one transaction apply an upload; a concurrent second
      // one waits for it, then finds the row and answers "already imported".
      const [claimed] = await tx
        .insert(paperImportApplications)
        .values({ importId: staged.id, appliedByUserId: user!.id })
        .onConflictDoNothing()
        .returning();
      if (!claimed) {
        return { ok: false, code: 'already-applied', message: 'This file has already been imported.' } as const;
      }
      const parsed = parsePapersCsv(staged.content);
      if (!parsed.ok)
        return { ok: false, code: 'invalid', message: 'The file has problems and cannot be imported.' } as const;
      // Checked again at confirmation: the editor's volumes may have changed since the preview.
      if ((await importScopeProblems(tx, user!, parsed.rows)).length > 0) {
        return {
          ok: false,
          code: 'invalid',
          message: 'The file names volumes you do not edit. Upload it again to see which.',
        } as const;
      }

      const result = await importPapersInTransaction(tx, parsed.rows, {
        actor: {
          userId: user!.id,
          email: user!.email,
          ipAddress: context.ipAddress,
          userAgent: context.userAgent,
          importId: staged.id,
          source: 'upload',
        },
        confirmSignedMoves: options.confirmSignedMoves === true,
      });
      const volumeNumbers = [...new Set(parsed.rows.map((row) => row.volume))];
      const [firstVolume] = await tx
        .select({ id: volumes.id })
        .from(volumes)
        .where(eq(volumes.number, volumeNumbers[0]!));
      await appendAuditEvent(tx, {
        action: 'papers.imported',
        actorUserId: user!.id,
        actorEmail: user!.email,
        volumeId: volumeNumbers.length === 1 ? (firstVolume?.id ?? null) : null,
        ipAddress: context.ipAddress,
        userAgent: context.userAgent,
        details: {
          importId: staged.id,
          filename: staged.filename,
          contentSha256: staged.contentSha256,
          volumes: volumeNumbers,
          created: result.created,
          updated: result.updated,
          unchanged: result.unchanged,
          signedPapersReassigned: result.plan.changed.filter((change) => change.movesSignedPaper).length,
        },
      });
      return {
        ok: true,
        filename: staged.filename,
        result: {
          volumesCreated: result.volumesCreated,
          created: result.created,
          updated: result.updated,
          unchanged: result.unchanged,
        },
      } as const;
    });
  }
}
