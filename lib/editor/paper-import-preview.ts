import type { PaperImportPlan } from '@/lib/papers/import-papers';
import type { CsvProblem } from '@/lib/papers/parse-papers-csv';

const SHOWN = 100;

/** What an editor sees before confirming an import; long lists are cut to the first 100. */
export type PaperImportPreview = {
  newVolumes: number[];
  created: { count: number; shown: { line: number; volume: number; paperKey: string; title: string }[] };
  changed: { count: number; shown: { line: number; paperKey: string; title: string; changedFields: string[] }[] };
  /**
   * Signed papers whose corresponding author or email would change: the signature stays the
   * signer's (they keep access), but the editor must confirm this explicitly.
   */
  signedMoves: {
    count: number;
    shown: { line: number; where?: string; paperKey: string; title: string; signerEmail: string; from: string; to: string }[];
  };
  unchangedCount: number;
  problems: { count: number; shown: CsvProblem[] };
};

export function previewOf(plan: PaperImportPlan | null, problems: CsvProblem[] = []): PaperImportPreview {
  return {
    newVolumes: plan?.newVolumes ?? [],
    created: {
      count: plan?.created.length ?? 0,
      shown: (plan?.created ?? [])
        .slice(0, SHOWN)
        .map(({ line, volume, paperKey, title }) => ({ line, volume, paperKey, title })),
    },
    changed: {
      count: plan?.changed.length ?? 0,
      shown: (plan?.changed ?? []).slice(0, SHOWN).map(({ row, changedFields }) => ({
        line: row.line,
        paperKey: row.paperKey,
        title: row.title,
        changedFields,
      })),
    },
    signedMoves: {
      count: plan?.changed.filter((change) => change.movesSignedPaper).length ?? 0,
      shown: (plan?.changed ?? [])
        .filter((change) => change.movesSignedPaper)
        .slice(0, SHOWN)
        .map(({ row, before, signature }) => ({
          line: row.line,
          paperKey: row.paperKey,
          title: row.title,
          signerEmail: signature!.signerEmail,
          from: `${before.correspondingAuthorName} <${before.correspondingAuthorEmail}>`,
          to: `${row.correspondingAuthorName} <${row.correspondingAuthorEmail}>`,
        })),
    },
    unchangedCount: plan?.unchanged.length ?? 0,
    problems: { count: problems.length, shown: problems.slice(0, SHOWN) },
  };
}
