'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';

import { getCurrentUser } from '@/lib/auth/current-user';
import { getRequestContext } from '@/lib/auth/request-context';
import { isEditor } from '@/lib/auth/roles';
import { applyPaperImport } from '@/lib/editor/apply-paper-import';
import type { PaperImportPreview } from '@/lib/editor/paper-import-preview';
import { stagePaperImport } from '@/lib/editor/stage-paper-import';
import type { PaperImportResult } from '@/lib/papers/import-papers';

export type ImportState =
  | { step: 'upload'; message?: string; preview?: PaperImportPreview }
  | { step: 'preview'; importId: string; filename: string; preview: PaperImportPreview }
  | { step: 'done'; filename: string; result: PaperImportResult }
  | { step: 'refused'; message: string };

const refused: ImportState = { step: 'refused', message: 'Only editors can import papers.' };

/** Step 1: upload and preview. Public endpoint: checks the editor role itself. */
export async function previewImportAction(_prev: ImportState, formData: FormData): Promise<ImportState> {
  const user = await getCurrentUser();
  if (!isEditor(user)) return refused;
  const file = formData.get('file');
  if (!(file instanceof File) || file.size === 0) {
    return { step: 'upload', message: 'Choose a CSV file to import.' };
  }
  const staged = await stagePaperImport(user, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
  if (!staged.ok) return { step: 'upload', message: staged.message, preview: staged.preview };
  return { step: 'preview', importId: staged.importId, filename: staged.filename, preview: staged.preview };
}

const confirmSchema = z.object({ importId: z.string().max(100) });

/** Step 2: confirm. Applies the staged file in one transaction, with an audit event. */
export async function confirmImportAction(_prev: ImportState, formData: FormData): Promise<ImportState> {
  const user = await getCurrentUser();
  if (!isEditor(user)) return refused;
  const parsed = confirmSchema.safeParse({ importId: formData.get('importId') ?? '' });
  if (!parsed.success) return { step: 'upload', message: 'This upload was not found. Upload the file again.' };
  const applied = await applyPaperImport(user, parsed.data.importId, await getRequestContext());
  if (!applied.ok) return { step: 'upload', message: applied.message };
  revalidatePath('/editor', 'layout');
  return { step: 'done', filename: applied.filename, result: applied.result };
}
