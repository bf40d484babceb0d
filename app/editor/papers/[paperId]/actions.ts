'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';

import { voidSignature } from '@/lib/agreements/void-signature';
import { getCurrentUser } from '@/lib/auth/current-user';
import { getRequestContext } from '@/lib/auth/request-context';
import { isEditor } from '@/lib/auth/roles';

export type VoidState = { ok: boolean; message: string } | null;

const voidFormSchema = z.object({
  paperId: z.string().max(100),
  signatureId: z.string().max(100),
  reason: z.string().max(5000),
});

/** Public endpoint: checks the editor role itself before anything else. */
export async function voidSignatureAction(_prev: VoidState, formData: FormData): Promise<VoidState> {
  const user = await getCurrentUser();
  if (!isEditor(user)) return { ok: false, message: 'Only editors can void a signature.' };
  const parsed = voidFormSchema.safeParse({
    paperId: formData.get('paperId') ?? '',
    signatureId: formData.get('signatureId') ?? '',
    reason: formData.get('reason') ?? '',
  });
  if (!parsed.success) return { ok: false, message: 'The form was incomplete. Reload the page and try again.' };
  const result = await voidSignature(user, parsed.data, await getRequestContext());
  if (!result.ok) return { ok: false, message: result.message };
  revalidatePath(`/editor/papers/${parsed.data.paperId}`);
  return { ok: true, message: 'The signature is void. The author can now sign again.' };
}
