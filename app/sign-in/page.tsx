import type { Metadata } from 'next';
import { redirect } from 'next/navigation';

import { getCurrentUser } from '@/lib/auth/current-user';
import { safeReturnPath } from '@/lib/safe-return-path';

import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage(props: { searchParams: Promise<{ callbackUrl?: string; email?: string }> }) {
  const { callbackUrl, email } = await props.searchParams;
  const returnTo = safeReturnPath(callbackUrl);
  // Signed in already: straight back, unless a sensitive action asked for a fresh sign-in
  // (the Sign in again link of components/reauthenticate-link.tsx names the address).
  const user = await getCurrentUser();
  const isReauthentication = Boolean(user && typeof email === 'string' && email.toLowerCase() === user.email);
  if (user && !isReauthentication) redirect(returnTo);

  return (
    <div className="mx-auto max-w-md space-y-6">
      <h1 className="text-2xl font-semibold">{isReauthentication ? 'Confirm it’s you' : 'Sign in'}</h1>
      <p className="text-slate-700">
        {isReauthentication
          ? 'Voiding a signature, importing papers, changing who edits and creating API tokens need a sign-in from the last 30 minutes. We will email you a link; it brings you back to where you were.'
          : 'Enter your email and we will send you a link that signs you in. No password needed.'}
      </p>
      <SignInForm
        callbackUrl={returnTo}
        email={typeof email === 'string' ? email.slice(0, 320) : ''}
        hint={isReauthentication ? 'The address you are signed in with; the link arrives there.' : undefined}
      />
    </div>
  );
}
