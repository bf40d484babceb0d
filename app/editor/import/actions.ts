'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';

import { editorAction } from '@/lib/auth/authorized-action';
import { applyPaperImport } from '@/lib/editor/apply-paper-import';
import type { PaperImportPreview } from '@/lib/editor/paper-import-preview';
import { stagePaperImport } from '@/lib/editor/stage-paper-import';
import type { PaperImportResult } from '@/lib/papers/import-papers';

export type ImportState =
  | { step: 'upload'; message?: string; preview?: PaperImportPreview }
  | { step: 'preview'; importId: string; filename: string; preview: PaperImportPreview }
  | { step: 'done'; filename: string; result: PaperImportResult }
  | { ok: false; message: string; fieldErrors: Record<string, string[]> };

const uploadSchema = z.object({
  file: z.instanceof(File, { error: 'Choose a CSV file to import.' }).refine((file) => file.size > 0, 'Choose a CSV file to import.'),
});

/** Step 1: upload and preview. Public endpoint: editorAction authenticates, the domain scopes to volumes. */
export const previewImportAction = editorAction(uploadSchema, async ({ file }, user): Promise<ImportState> => {
  const staged = await stagePaperImport(user, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
  if (!staged.ok) return { step: 'upload', message: staged.message, preview: staged.preview };
  return { step: 'preview', importId: staged.importId, filename: staged.filename, preview: staged.preview };
});

const confirmSchema = z.object({
  importId: z.string().max(100),
  confirmSignedMoves: z.enum(['yes']).optional(),
});

/** Step 2: confirm. Applies the staged file in one transaction, with an audit event. */
export const confirmImportAction = editorAction(
  confirmSchema,
  async ({ importId, confirmSignedMoves }, user, context): Promise<ImportState> => {
    const applied = await applyPaperImport(user, importId, context, { confirmSignedMoves: confirmSignedMoves === 'yes' });
    if (!applied.ok) return { step: 'upload', message: applied.message };
    revalidatePath('/editor', 'layout');
    return { step: 'done', filename: applied.filename, result: applied.result };
  },
);
