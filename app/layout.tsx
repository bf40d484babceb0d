import type { Metadata, Viewport } from 'next';
import Link from 'next/link';

import { getCurrentUser, isEditor } from '@/lib/auth/current-user';

import { signOutAction } from './actions';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'PMLR publication agreements', template: '%s · PMLR agreements' },
  description: 'Read and sign the publication agreement for your accepted paper.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans text-base leading-relaxed">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
          Skip to content
        </a>
        <header className="no-print border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-[96rem] flex-wrap items-center justify-between gap-3 px-4 py-3">
            <Link href="/" className="font-semibold text-slate-900 no-underline hover:no-underline">
              PMLR <span className="font-normal text-slate-600">publication agreements</span>
            </Link>
            {user ? (
              <nav aria-label="Account" className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
                <Link href="/papers">My papers</Link>
                {isEditor(user) ? <Link href="/editor">Editor</Link> : null}
                {user.isAdmin ? <Link href="/admin">Admin</Link> : null}
                <span className="text-slate-600" title="Signed in as">
                  {user.email}
                </span>
                <form action={signOutAction}>
                  <button
                    type="submit"
                    className="rounded border border-slate-300 px-2 py-1 text-slate-700 hover:bg-slate-100"
                  >
                    Sign out
                  </button>
                </form>
              </nav>
            ) : null}
          </div>
        </header>
        <main id="main" className="px-4 py-8">
          {children}
        </main>
        <footer className="no-print mx-auto max-w-[96rem] px-4 pb-10 text-sm text-slate-600">
          <Link href="/verify">Verify a signed agreement</Link>
        </footer>
      </body>
    </html>
  );
}
