import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';

import { getCurrentUser } from '@/lib/auth/current-user';
import { hasRecentSignIn } from '@/lib/auth/session-policy';
import { readContinueParams } from '@/lib/auth/sign-in-links';

export const metadata: Metadata = { title: 'Continue signing in' };

/**
 * Where every emailed sign-in link lands. Opening it (a GET, as mail scanners do) signs in no
 * one and spends nothing; the Continue button posts the token to Auth.js, which checks it,
 * deletes it and starts the session.
 */
export default async function ContinueSignInPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = readContinueParams(await props.searchParams);
  if (!params) {
    return (
      <div className="mx-auto max-w-md space-y-4" role="alert">
        <h1 className="text-2xl font-semibold">This sign-in link is incomplete</h1>
        <p className="text-slate-700">
          Part of the address may have been cut off by your email program. Open the link from the email again, or ask
          for a new one.
        </p>
        <p>
          <Link href="/sign-in">Get a new sign-in link</Link>
        </p>
      </div>
    );
  }

  const user = await getCurrentUser();
  // Already signed in as this address, recently: go straight on and leave the link unspent. A
  // sign-in that is not recent is renewed (the link was asked for to confirm it's them).
  const isSameUser = Boolean(user && user.email === params.email);
  if (user && isSameUser && hasRecentSignIn(user)) redirect(params.returnPath);

  return (
    <div className="mx-auto max-w-md space-y-5">
      <h1 className="text-2xl font-semibold">Continue signing in</h1>
      <p className="text-slate-700">
        You are signing in as <strong className="break-all">{params.email}</strong>.
      </p>
      {user && !isSameUser ? (
        <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          This browser is signed in as <strong className="break-all">{user.email}</strong>. Continuing signs you in as{' '}
          <strong className="break-all">{params.email}</strong> instead.
        </p>
      ) : null}
      <form method="post" action={params.formAction}>
        <button
          type="submit"
          className="rounded-md bg-blue-700 px-5 py-2.5 font-medium text-white hover:bg-blue-800 focus-visible:outline-offset-2"
        >
          Continue
        </button>
      </form>
      <p className="text-sm text-slate-600">
        Not you, or you did not ask to sign in? Close this page: nothing happens unless you press Continue.
      </p>
    </div>
  );
}
