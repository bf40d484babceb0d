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
    <Link href={href} className="mt-2 inline-block rounded-md bg-blue-700 px-3 py-1.5 text-sm font-semibold text-white underline-offset-2 hover:bg-blue-800">
      Sign in again
    </Link>
  );
}
