import 'server-only';

import { getDb } from '@/db/client';
import { paperImports } from '@/db/schema';
import { requireEditor } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/roles';
import { sha256Hex } from '@/lib/crypto/sha256';
import { agreeWith, countOf } from '@/lib/format/plural';
import { planPaperImport } from '@/lib/papers/import-papers';
import { parsePapersCsv } from '@/lib/papers/parse-papers-csv';

import { MAX_IMPORT_BYTES } from './import-limits';
import { importScopeProblems } from './import-scope';
import { previewOf, type PaperImportPreview } from './paper-import-preview';

export type StagePaperImportResult =
  | { ok: true; importId: string; filename: string; preview: PaperImportPreview }
  | { ok: false; message: string; preview?: PaperImportPreview };

/**
 * Checks an uploaded accepted-papers CSV and shows what importing it would do. Nothing is
 * imported here: a file without problems is kept, unapplied, until the editor confirms it.
 */
export async function stagePaperImport(
  user: CurrentUser | null,
  file: { name: string; bytes: Uint8Array },
): Promise<StagePaperImportResult> {
  requireEditor(user);
  if (file.bytes.byteLength === 0) return { ok: false, message: 'The file is empty. Choose a CSV file to import.' };
  if (file.bytes.byteLength > MAX_IMPORT_BYTES) {
    return { ok: false, message: 'The file is larger than 5 MB. Split it into smaller files and import each.' };
  }
  let content: string;
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
  } catch {
    return { ok: false, message: 'The file is not UTF-8 text. Save it as "CSV UTF-8" and try again.' };
  }

  const parsed = parsePapersCsv(content);
  if (!parsed.ok) {
    return {
      ok: false,
      message: `The file has ${countOf(parsed.problems.length, 'problem')}; nothing can be imported until ${agreeWith(parsed.problems.length, 'it is', 'they are')} fixed.`,
      preview: previewOf(null, parsed.problems),
    };
  }

  const db = await getDb();
  const scopeProblems = await importScopeProblems(db, user, parsed.rows);
  if (scopeProblems.length > 0) {
    return {
      ok: false,
      message: 'The file names volumes you do not edit; nothing can be imported until they are removed.',
      preview: previewOf(null, scopeProblems),
    };
  }
  const plan = await planPaperImport(db, parsed.rows);
  const filename = file.name.replace(/[^\p{L}\p{N} ._()-]/gu, '_').slice(0, 200) || 'upload.csv';
  const [staged] = await db
    .insert(paperImports)
    .values({ uploadedByUserId: user.id, filename, contentSha256: sha256Hex(content), content })
    .returning({ id: paperImports.id });
  return { ok: true, importId: staged!.id, filename, preview: previewOf(plan) };
}
