'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';

import { isTransientDatabaseError } from '@/db/transient-error';
import { databaseUnavailable, signAgreement } from '@/lib/agreements/sign-agreement';
import { getCurrentUser } from '@/lib/auth/current-user';
import { getRequestContext } from '@/lib/auth/request-context';
import { PUBLIC_LIMITS, consume, tooManyActionsMessage } from '@/lib/rate-limit/rate-limiter';

export type SignState = {
  ok: false;
  code: 'unauthenticated' | 'not-found' | 'not-open' | 'withdrawn' | 'already-signed' | 'invalid' | 'busy' | 'unavailable';
  message: string;
  fieldErrors: Record<string, string[]>;
  /** What was submitted, so the form shows it again instead of resetting. */
  values: { typedName: string; acknowledged: string[] };
} | null;

// Shape only; what the fields must say is the domain's to judge (lib/agreements/sign-agreement).
const signFormSchema = z.object({
  paperId: z.string().max(100),
  typedName: z.string().max(2000, 'Your name can be at most 200 characters.'),
  acknowledged: z.array(z.string().max(100)).max(50),
});

/** A public endpoint like any server action: it authenticates, and the domain authorizes. */
export async function signAgreementAction(_prev: SignState, formData: FormData): Promise<SignState> {
  const parsed = signFormSchema.safeParse({
    paperId: formData.get('paperId') ?? '',
    typedName: formData.get('typedName') ?? '',
    acknowledged: formData.getAll('acknowledged'),
  });
  const values = {
    typedName: String(formData.get('typedName') ?? '').slice(0, 2000),
    acknowledged: formData.getAll('acknowledged').map(String).slice(0, 50),
  };
  if (!parsed.success) {
    return {
      ok: false,
      code: 'invalid',
      message: 'Some items need your attention before you can sign.',
      fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
      values,
    };
  }

  let result: Awaited<ReturnType<typeof signAgreement>>;
  try {
    const context = await getRequestContext();
    if (context.sessionIdHash) {
      const limit = await consume(PUBLIC_LIMITS.actionsPerSession, context.sessionIdHash);
      if (!limit.allowed) return { ok: false, code: 'busy', message: tooManyActionsMessage(limit.retryAfterSeconds), fieldErrors: {}, values };
    }
    result = await signAgreement({ user: await getCurrentUser(), ...parsed.data, context });
  } catch (error) {
    // The database went away before anything was written (signAgreement itself sorts out a
    // connection lost during the write): say so, and keep what the author entered.
    if (!isTransientDatabaseError(error)) throw error;
    result = databaseUnavailable;
  }
  if (!result.ok) return { ...result, fieldErrors: result.fieldErrors ?? {}, values };

  revalidatePath('/papers');
  revalidatePath(`/papers/${result.signature.paperId}`);
  redirect(`/papers/${result.signature.paperId}?signed=1`);
}
