'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';

import { signIn } from '@/lib/auth/auth';
import { mayRequestSignInLink } from '@/lib/auth/may-request-sign-in-link';
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
  // Unknown addresses get the same answer and no mail, so the form reveals nobody's role.
  if (await mayRequestSignInLink(email)) {
    await signIn('email', { email, redirect: false, redirectTo: safeReturnPath(parsed.data.callbackUrl) });
  }
  redirect(`/sign-in/check-email?email=${encodeURIComponent(email)}`);
}
