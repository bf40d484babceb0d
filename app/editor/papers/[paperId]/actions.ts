'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';

import { voidSignature } from '@/lib/agreements/void-signature';
import { editorAction } from '@/lib/auth/authorized-action';
import { publicationSchema, setPaperPublication } from '@/lib/publication/record-publication';

export type VoidState = { ok: boolean; message: string } | null;

const voidFormSchema = z.object({
  paperId: z.string().max(100),
  signatureId: z.string().max(100),
  reason: z.string().max(5000),
});

/** Public endpoint: editorAction authenticates; voidSignature scopes to the paper's volume. */
export const voidSignatureAction = editorAction(voidFormSchema, async (input, user, context): Promise<VoidState> => {
  const result = await voidSignature(user, input, context);
  if (!result.ok) return { ok: false, message: result.message };
  revalidatePath(`/editor/papers/${input.paperId}`);
  return { ok: true, message: 'The signature is void. The author can now sign again.' };
}, { recentSignIn: true });

/** A paper's own publication date and URL, or (clear) back to its volume's. */
export const setPaperPublicationAction = editorAction(
  z.discriminatedUnion('clear', [
    publicationSchema.extend({ paperId: z.uuid(), clear: z.literal('0').optional().default('0') }),
    z.object({ paperId: z.uuid(), clear: z.literal('1') }),
  ]),
  async (input, user, context) => {
    const publication = input.clear === '1' ? null : { publishedOn: input.publishedOn, url: input.url };
    const { changed } = await setPaperPublication(user, { paperId: input.paperId, publication }, context);
    revalidatePath(`/editor/papers/${input.paperId}`);
    return {
      ok: true,
      message: !changed ? 'Nothing changed.' : publication ? 'Recorded: the paper is published.' : 'The paper now follows its volume’s publication.',
      fieldErrors: {},
    };
  },
);
