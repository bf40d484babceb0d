'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';

import { editorAction } from '@/lib/auth/authorized-action';
import { MAX_IMPORT_BYTES } from '@/lib/editor/import-limits';
import { applyRekey, previewRekey, type RekeyPlan } from '@/lib/papers/rekey-from-bibtex';

// Public endpoints: editorAction authenticates; previewRekey and applyRekey scope themselves to
// the volume's editors (requireVolumeEditor) and choose only among the volume's own papers.

type PaperChoice = { id: string; paperKey: string; title: string };
export type RekeyState =
  | { ok: false; message: string; fieldErrors?: Record<string, string[]>; problems?: string[] }
  | {
      ok: true;
      step: 'preview';
      message: string;
      bibtex: string;
      filename: string;
      matched: { key: string; paper: PaperChoice; by: string; bibTitle: string; signedTitle: string | null }[];
      ambiguous: { key: string; title: string; candidates: PaperChoice[] }[];
      unmatched: { key: string; title: string }[];
      unclaimed: PaperChoice[];
    }
  | { ok: true; step: 'done'; message: string }
  | null;

const choice = (paper: { id: string; paperKey: string; title: string }): PaperChoice => ({ id: paper.id, paperKey: paper.paperKey, title: paper.title });

function view(plan: RekeyPlan) {
  return {
    matched: plan.matched.map((match) => ({
      key: match.entry.key,
      paper: choice(match.paper),
      by: match.by,
      bibTitle: match.entry.title,
      signedTitle: match.signedTitleDiffers ? match.paper.titleAtSigning : null,
    })),
    ambiguous: plan.ambiguous.map((item) => ({ key: item.entry.key, title: item.entry.title, candidates: item.candidates.map(choice) })),
    unmatched: plan.unmatched.map((item) => ({ key: item.entry.key, title: item.entry.title })),
    unclaimed: plan.unclaimed.map(choice),
  };
}

export const previewRekeyAction = editorAction(
  z.object({ volume: z.coerce.number().int().min(1), file: z.instanceof(File, { error: 'Choose the volume’s .bib file.' }) }),
  async (input, user): Promise<RekeyState> => {
    if (input.file.size === 0 || input.file.size > MAX_IMPORT_BYTES) return { ok: false, message: 'Choose a .bib file of at most 5 MB.' };
    const bibtex = await input.file.text();
    const preview = await previewRekey(user, { volumeNumber: input.volume, bibtex });
    if (!preview.ok) return { ok: false, message: 'Nothing was changed: the BibTeX file has problems.', problems: preview.problems };
    return { ok: true, step: 'preview', message: 'Check the keys, settle the doubtful entries, then confirm.', bibtex, filename: input.file.name, ...view(preview.plan) };
  },
);

export const applyRekeyAction = editorAction(
  // The choices come as choice:<entry key> = <paper id>; the domain accepts only this volume's papers.
  z.looseObject({ volume: z.coerce.number().int().min(1), bibtex: z.string().max(MAX_IMPORT_BYTES) }),
  async (input, user, context): Promise<RekeyState> => {
    const choices: Record<string, string> = {};
    for (const [name, value] of Object.entries(input)) {
      if (name.startsWith('choice:') && typeof value === 'string' && value) choices[name.slice('choice:'.length)] = value;
    }
    const result = await applyRekey(user, { volumeNumber: input.volume, bibtex: input.bibtex, choices }, context);
    revalidatePath(`/editor/volumes/${input.volume}`);
    const rekeyed = result.rekeyed === 1 ? '1 paper has its PMLR key now' : `${result.rekeyed.toLocaleString('en')} papers have their PMLR keys now`;
    return { ok: true, step: 'done', message: `${rekeyed}; ${result.unchanged.toLocaleString('en')} already had ${result.unchanged === 1 ? 'its' : 'theirs'}.` };
  },
);
