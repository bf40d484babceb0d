'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** What an action answers when it needs a recent sign-in (lib/auth/authorized-action.ts). */
export type Reauthenticate = { email: string } | undefined;

export function reauthenticationOf(state: unknown): Reauthenticate {
  return state && typeof state === 'object' && 'reauthenticate' in state ? (state.reauthenticate as Reauthenticate) : undefined;
}

/**
 * The way back after "this needs a recent sign-in": the sign-in page with the editor's address
 * filled in, returning here once they follow the emailed link. Nothing they typed is lost
 * elsewhere on the page; they repeat the one step.
 */
export function ReauthenticateLink({ email }: { email: string }) {
  const pathname = usePathname();
  const href = `/sign-in?${new URLSearchParams({ callbackUrl: pathname, email })}`;
  return (
    <Link
      href={href}
      className="mb-2 mt-1 block w-fit rounded-md border border-blue-700 bg-white px-3 py-1.5 text-sm font-semibold text-blue-800 no-underline hover:bg-blue-50"
    >
      Sign in again
    </Link>
  );
}
