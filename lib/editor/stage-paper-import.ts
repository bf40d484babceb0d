import 'server-only';

import { getDb } from '@/db/client';
import { paperImports } from '@/db/schema';
import { requireEditor } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/roles';
import { sha256Hex } from '@/lib/crypto/sha256';
import { agreeWith, countOf } from '@/lib/format/plural';
import { planPaperImport } from '@/lib/papers/import-papers';
import { parsePapersCsv } from '@/lib/papers/parse-papers-csv';
import { cmtToPapersCsv, listCmtSheets, looksLikeXlsx, type CmtSheet } from '@/lib/papers/read-cmt-workbook';
import { looksLikeOpenReviewCsv, openReviewToPapersCsv, type OpenReviewMapping } from '@/lib/papers/read-openreview-csv';

import { MAX_IMPORT_BYTES } from './import-limits';
import { importScopeProblems } from './import-scope';
import { previewOf, type PaperImportPreview } from './paper-import-preview';

export type StagePaperImportResult =
  | { ok: true; importId: string; filename: string; preview: PaperImportPreview }
  | { ok: false; message: string; preview?: PaperImportPreview }
  /** A CMT workbook (which sheets?) or an OpenReview export (mapped so): into which volume? */
  | { ok: false; chooseSource: ImportSource; message: string };

export type ImportSource =
  | { kind: 'cmt'; sheets: CmtSheet[] }
  | { kind: 'openreview'; papers: number; mapping: OpenReviewMapping; assumedFirstAuthor: number };

/** For a CMT workbook or an OpenReview export: the volume, and (CMT) the sheets to take. */
export type SourceChoice = { volume: number; sheets?: string[] };

/**
 * Checks an uploaded accepted-papers CSV and shows what importing it would do. Nothing is
 * imported here: a file without problems is kept, unapplied, until the editor confirms it.
 */
export async function stagePaperImport(
  user: CurrentUser | null,
  file: { name: string; bytes: Uint8Array },
  source?: SourceChoice,
): Promise<StagePaperImportResult> {
  requireEditor(user);
  if (file.bytes.byteLength === 0) return { ok: false, message: 'The file is empty. Choose a CSV file to import.' };
  if (file.bytes.byteLength > MAX_IMPORT_BYTES) {
    return { ok: false, message: 'The file is larger than 5 MB. Split it into smaller files and import each.' };
  }
  let content: string;
  // Where each line of `content` came from, when it was converted from a workbook.
  let locate: (line: number) => string | undefined = () => undefined;
  if (looksLikeXlsx(file.bytes)) {
    if (!source?.sheets) {
      const listed = await listCmtSheets(file.bytes);
      if (!listed.ok) return { ok: false, message: listed.message };
      return { ok: false, chooseSource: { kind: 'cmt', sheets: listed.sheets }, message: 'Choose the sheets (tracks) to import and the volume they belong to.' };
    }
    const converted = await cmtToPapersCsv(file.bytes, { volume: source.volume, sheets: source.sheets });
    if (!converted.ok) {
      const problems = converted.problems.map((problem) => ({
        line: problem.location?.row ?? 0,
        where: problem.location ? `Sheet “${problem.location.sheet}”, row ${problem.location.row}` : 'The workbook',
        message: problem.message,
      }));
      return { ok: false, message: fileProblemsMessage(problems.length), preview: previewOf(null, problems) };
    }
    content = converted.csv;
    locate = (line) => {
      const location = converted.locations.get(line);
      return location ? `Sheet “${location.sheet}”, row ${location.row}` : undefined;
    };
  } else {
    try {
      content = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
    } catch {
      return { ok: false, message: 'The file is not UTF-8 text. Save it as "CSV UTF-8" and try again.' };
    }
    if (looksLikeOpenReviewCsv(content)) {
      const converted = openReviewToPapersCsv(content, { volume: source?.volume ?? 1 });
      if (!converted.ok) {
        const problems = converted.problems.map((problem) => ({ ...problem, where: `Line ${problem.line} of the export` }));
        return { ok: false, message: fileProblemsMessage(problems.length), preview: previewOf(null, problems) };
      }
      if (!source) {
        return {
          ok: false,
          chooseSource: { kind: 'openreview', papers: converted.lines.size, mapping: converted.mapping, assumedFirstAuthor: converted.assumedFirstAuthor },
          message: 'This is an OpenReview export: check how its columns are read, and give the volume.',
        };
      }
      content = converted.csv;
      locate = (line) => {
        const original = converted.lines.get(line);
        return original ? `Line ${original} of the export` : undefined;
      };
    }
  }
  const located = <T extends { line: number }>(item: T): T & { where?: string } => {
    const where = locate(item.line);
    return where ? { ...item, where } : item;
  };

  const parsed = parsePapersCsv(content);
  if (!parsed.ok) {
    return { ok: false, message: fileProblemsMessage(parsed.problems.length), preview: previewOf(null, parsed.problems.map(located)) };
  }

  const db = await getDb();
  const scopeProblems = await importScopeProblems(db, user, parsed.rows);
  if (scopeProblems.length > 0) {
    return {
      ok: false,
      message: 'The file names volumes you do not edit; nothing can be imported until they are removed.',
      preview: previewOf(null, scopeProblems.map(located)),
    };
  }
  const plan = await planPaperImport(db, parsed.rows);
  const filename = file.name.replace(/[^\p{L}\p{N} ._()-]/gu, '_').slice(0, 200) || 'upload.csv';
  const [staged] = await db
    .insert(paperImports)
    .values({ uploadedByUserId: user.id, filename, contentSha256: sha256Hex(content), content })
    .returning({ id: paperImports.id });
  const preview = previewOf(plan);
  preview.signedMoves.shown = preview.signedMoves.shown.map(located);
  return { ok: true, importId: staged!.id, filename, preview };
}

const fileProblemsMessage = (count: number) =>
  `The file has ${countOf(count, 'problem')}; nothing can be imported until ${agreeWith(count, 'it is', 'they are')} fixed.`;
