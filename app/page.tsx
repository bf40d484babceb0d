import Link from 'next/link';
import { redirect } from 'next/navigation';

import { getCurrentUser, isEditor } from '@/lib/auth/current-user';

export default async function HomePage() {
  const user = await getCurrentUser();
  if (user) redirect(isEditor(user) ? '/editor' : '/papers');

  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="text-3xl font-semibold tracking-tight">Publication agreements for accepted papers</h1>
      <p className="text-lg text-slate-700">
        If you are the corresponding author of a paper accepted to a PMLR volume, sign its publication agreement
        here. It takes a few minutes: read the agreement, confirm each term and type your name. You get a receipt by
        email and can download what you signed at any time.
      </p>
      <p>
        <Link
          href="/sign-in"
          className="inline-block rounded-md bg-blue-700 px-5 py-3 font-medium text-white no-underline hover:bg-blue-800 hover:no-underline"
        >
          Sign in with your email
        </Link>
      </p>
      <p className="text-sm text-slate-600">
        Use the address the proceedings editors have for you as corresponding author. No password is needed: we
        email you a sign-in link.
      </p>
    </div>
  );
}
