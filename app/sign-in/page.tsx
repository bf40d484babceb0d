import type { Metadata } from 'next';
import { redirect } from 'next/navigation';

import { getCurrentUser } from '@/lib/auth/current-user';
import { safeReturnPath } from '@/lib/safe-return-path';

import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage(props: { searchParams: Promise<{ callbackUrl?: string; email?: string }> }) {
  const { callbackUrl, email } = await props.searchParams;
  const returnTo = safeReturnPath(callbackUrl);
  if (await getCurrentUser()) redirect(returnTo);

  return (
    <div className="mx-auto max-w-md space-y-6">
      <h1 className="text-2xl font-semibold">Sign in</h1>
      <p className="text-slate-700">
        Enter your email and we will send you a link that signs you in. No password needed.
      </p>
      <SignInForm callbackUrl={returnTo} email={typeof email === 'string' ? email.slice(0, 320) : ''} />
    </div>
  );
}
