'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';

import { editorAction } from '@/lib/auth/authorized-action';
import { sha256Hex } from '@/lib/crypto/sha256';
import { MAX_IMPORT_BYTES } from '@/lib/editor/import-limits';
import type { CsvProblem } from '@/lib/papers/csv-table';
import { parsePublicationCsv } from '@/lib/publication/parse-publication-csv';
import { applyPublicationRows, type PublicationPlan } from '@/lib/publication/record-publication';

// Public endpoints: editorAction authenticates; applyPublicationRows refuses every row of a volume
// this editor does not edit (mayEditVolume), and writes nothing unless every row is good.

export type PublicationState =
  | { ok: false; message: string; fieldErrors?: Record<string, string[]>; problems?: CsvProblem[] }
  | { ok: true; step: 'preview'; message: string; content: string; contentSha256: string; filename: string; plan: Omit<PublicationPlan, 'problems'> }
  | { ok: true; step: 'done'; message: string; changed: number; unchanged: number }
  | null;

const tooLarge = `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`;

export const previewPublicationAction = editorAction(
  z.object({ file: z.instanceof(File, { error: 'Choose a CSV file.' }) }),
  async (input, user, context): Promise<PublicationState> => {
    if (input.file.size === 0) return { ok: false, message: 'Choose a CSV file: this one is empty.' };
    if (input.file.size > MAX_IMPORT_BYTES) return { ok: false, message: tooLarge };
    const content = await input.file.text();
    const parsed = parsePublicationCsv(content);
    if (!parsed.ok) return { ok: false, message: 'Nothing was recorded: fix these lines and upload the file again.', problems: parsed.problems };
    const { problems, ...plan } = await applyPublicationRows(parsed.rows, { user, context, source: 'editor' }, { dryRun: true });
    if (problems.length > 0) return { ok: false, message: 'Nothing was recorded: fix these lines and upload the file again.', problems };
    return { ok: true, step: 'preview', message: 'Check the changes, then record them.', content, contentSha256: sha256Hex(content), filename: input.file.name, plan };
  },
);

export const applyPublicationAction = editorAction(
  z.object({ content: z.string().max(MAX_IMPORT_BYTES, tooLarge), contentSha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  async (input, user, context): Promise<PublicationState> => {
    if (sha256Hex(input.content) !== input.contentSha256) return { ok: false, message: 'The file changed since its preview: upload it again.' };
    const parsed = parsePublicationCsv(input.content);
    if (!parsed.ok) return { ok: false, message: 'Nothing was recorded: the file has problems.', problems: parsed.problems };
    const result = await applyPublicationRows(parsed.rows, { user, context, source: 'editor' });
    if (result.problems.length > 0) return { ok: false, message: 'Nothing was recorded: the file has problems.', problems: result.problems };
    revalidatePath('/editor');
    return {
      ok: true,
      step: 'done',
      message: 'Recorded.',
      changed: result.toChange.length,
      unchanged: result.unchanged,
    };
  },
);
