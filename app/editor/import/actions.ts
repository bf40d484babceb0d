'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';

import { editorAction } from '@/lib/auth/authorized-action';
import { applyPaperImport } from '@/lib/editor/apply-paper-import';
import type { PaperImportPreview } from '@/lib/editor/paper-import-preview';
import { stagePaperImport } from '@/lib/editor/stage-paper-import';
import type { ImportSource } from '@/lib/editor/stage-paper-import';
import type { PaperImportResult } from '@/lib/papers/import-papers';

export type ImportState =
  | { step: 'upload'; message?: string; preview?: PaperImportPreview }
  | { step: 'source'; message: string; filename: string; source: ImportSource }
  | { step: 'preview'; importId: string; filename: string; preview: PaperImportPreview }
  | { step: 'done'; filename: string; result: PaperImportResult }
  | { ok: false; message: string; fieldErrors: Record<string, string[]> };

const uploadSchema = z.object({
  file: z.instanceof(File, { error: 'Choose a CSV file to import.' }).refine((file) => file.size > 0, 'Choose a CSV file to import.'),
  // A CMT workbook, second step: the sheets (tracks) to take and their volume.
  sheet: z
    .union([z.string().max(200), z.array(z.string().max(200)).max(200)])
    .optional()
    .transform((value) => (value === undefined ? undefined : Array.isArray(value) ? value : [value])),
  volume: z.union([z.literal(''), z.coerce.number({ error: 'The volume must be a number, like 151.' }).int().min(1).max(999_999_999)]).optional(),
  // An OpenReview export, second step: the volume was given.
  source: z.enum(['openreview', 'cmt']).optional(),
});

/** Step 1: upload and preview. Public endpoint: editorAction authenticates, the domain scopes to volumes. */
export const previewImportAction = editorAction(uploadSchema, async ({ file, sheet, volume, source }, user): Promise<ImportState> => {
  if (source && (volume === undefined || volume === '')) {
    return { ok: false, message: 'Give the volume these papers belong to, e.g. 151.', fieldErrors: { volume: ['Give the volume number.'] } };
  }
  if (source === 'cmt' && !sheet) {
    return { ok: false, message: 'Choose at least one sheet (track) to import.', fieldErrors: { sheet: ['Choose a sheet.'] } };
  }
  const chosen = source && typeof volume === 'number' ? { volume, sheets: source === 'cmt' ? sheet : undefined } : undefined;
  const staged = await stagePaperImport(user, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, chosen);
  if (!staged.ok && 'chooseSource' in staged) return { step: 'source', message: staged.message, filename: file.name, source: staged.chooseSource };
  if (!staged.ok) return { step: 'upload', message: staged.message, preview: staged.preview };
  return { step: 'preview', importId: staged.importId, filename: staged.filename, preview: staged.preview };
}, { recentSignIn: true });

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
  { recentSignIn: true },
);
