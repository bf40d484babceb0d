'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';

import { voidSignature } from '@/lib/agreements/void-signature';
import { editorAction } from '@/lib/auth/authorized-action';

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
});
