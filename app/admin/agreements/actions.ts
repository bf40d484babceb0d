'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';

import type { AgreementPresentation } from '@/db/schema';
import {
  previewAgreementPublication,
  publishAgreementVersion,
  type DiffPart,
} from '@/lib/agreements/publish-agreement-version';
import { acknowledgementText, proceedingsName, renderAgreement } from '@/lib/agreements/render-agreement';
import { adminAction } from '@/lib/auth/authorized-action';

export type PublishState =
  | null
  | { ok: false; message: string; problems?: { line: number | null; message: string }[]; fieldErrors?: Record<string, string[]> }
  | {
      ok: true;
      step: 'preview';
      source: string;
      sourceSha256: string;
      version: number;
      title: string;
      previousVersion: number | null;
      /** Rendered for a sample paper, exactly as an author would read it. */
      sampleText: string;
      presentation: AgreementPresentation;
      acknowledgements: { id: string; clause: string; text: string }[];
      diff: DiffPart[];
    }
  | { ok: true; step: 'published'; message: string };

const MAX_AGREEMENT_BYTES = 200_000;

const sourceField = z.object({
  file: z.instanceof(File).optional(),
  source: z.string().max(MAX_AGREEMENT_BYTES, 'The agreement file is larger than 200 KB.').optional(),
});

const SAMPLE = {
  title: 'Title of the Accepted Paper',
  proceedings: proceedingsName({ number: 999, name: 'Sample Conference 2026' }),
  correspondingAuthor: 'Corresponding Author',
  coAuthors: ['First Co-Author', 'Second Co-Author'],
};

/** Step 1: read the file, check it, and show it as authors will see it with the diff. Admins only. */
export const previewAgreementAction = adminAction(sourceField, async (input, admin): Promise<PublishState> => {
  const file = input.file && input.file.size > 0 ? input.file : null;
  if (file && file.size > MAX_AGREEMENT_BYTES) return { ok: false, message: 'The agreement file is larger than 200 KB.' };
  const source = file ? await file.text() : (input.source ?? '');
  if (source.trim() === '') return { ok: false, message: 'Choose an agreement file (.md) or paste its text.' };
  const result = await previewAgreementPublication(admin, source);
  if (!result.ok) {
    return { ok: false, message: 'The agreement file has problems; nothing was published.', problems: result.problems };
  }
  const { agreement, previous, diff, sourceSha256 } = result.preview;
  return {
    ok: true,
    step: 'preview',
    source: agreement.source,
    sourceSha256,
    version: agreement.version,
    title: agreement.title,
    previousVersion: previous?.version ?? null,
    sampleText: renderAgreement(agreement.body, SAMPLE),
    presentation: agreement.presentation,
    acknowledgements: agreement.acknowledgements.map((item) => ({
      id: item.id,
      clause: item.clause,
      text: acknowledgementText(item, SAMPLE.coAuthors),
    })),
    diff,
  };
});

const publishFields = z.object({
  source: z.string().min(1).max(MAX_AGREEMENT_BYTES),
  sourceSha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/** Step 2: publish exactly the previewed file. Admins only. */
export const publishAgreementAction = adminAction(publishFields, async (input, admin, context): Promise<PublishState> => {
  const result = await publishAgreementVersion(admin, input.source, { expectedSha256: input.sourceSha256, context });
  if (!result.ok) return { ok: false, message: 'Not published.', problems: result.problems };
  revalidatePath('/admin/agreements');
  return {
    ok: true,
    step: 'published',
    message: `Published ${result.template.title}, version ${result.template.version}. Editors can now choose it for their volumes; volumes created from now on use it.`,
  };
});
