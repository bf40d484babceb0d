'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';

import { signIn } from '@/lib/auth/auth';
import { mayRequestSignInLink } from '@/lib/auth/may-request-sign-in-link';
import { getRequestContext } from '@/lib/auth/request-context';
import { PUBLIC_LIMITS, consume, peek, retryIn } from '@/lib/rate-limit/rate-limiter';
import { safeReturnPath } from '@/lib/safe-return-path';

export type SignInState = { ok: false; message: string; fieldErrors: { email?: string[] }; email: string } | null;

const signInSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter your email address.')
    .max(320, 'That email address is too long.')
    .pipe(z.email('Enter a valid email address, like name@university.edu.')),
  callbackUrl: z.string().optional(),
});

export async function requestSignInLink(_prev: SignInState, formData: FormData): Promise<SignInState> {
  const parsed = signInSchema.safeParse({
    email: formData.get('email') ?? '',
    callbackUrl: formData.get('callbackUrl') ?? undefined,
  });
  if (!parsed.success) {
    return {
      ok: false,
      message: 'Please correct the email address.',
      fieldErrors: z.flattenError(parsed.error).fieldErrors,
      email: String(formData.get('email') ?? ''),
    };
  }
  const email = parsed.data.email.toLowerCase();
  // Limits hold for every address alike, known or not, so they reveal nobody's role either.
  const client = (await getRequestContext()).ipAddress ?? 'unknown';
  const byClient = await consume(PUBLIC_LIMITS.signInPerClient, client);
  const byAddress = byClient.allowed ? await peek(PUBLIC_LIMITS.signInPerAddress, email) : byClient;
  if (!byAddress.allowed) {
    return {
      ok: false,
      message: `Too many sign-in links were asked for just now. Please try again ${retryIn(byAddress.retryAfterSeconds)}; a link already sent still works for 10 minutes.`,
      fieldErrors: {},
      email,
    };
  }
  // Unknown addresses get the same answer and no mail, so the form reveals nobody's role.
  if (await mayRequestSignInLink(email)) {
    await signIn('email', { email, redirect: false, redirectTo: safeReturnPath(parsed.data.callbackUrl) });
  }
  redirect(`/sign-in/check-email?email=${encodeURIComponent(email)}`);
}
