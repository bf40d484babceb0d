import 'server-only';

import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';

import { isAppError } from '@/lib/errors';

import { lookUpSession } from './auth';
import { requireAdmin, requireEditor } from './authorization';
import { loadUser } from './load-user';
import type { CurrentUser } from './roles';

export type { CurrentUser } from './roles';
export { isEditor } from './roles';

/**
 * The signed-in user as the database knows them now (not as the session remembered them),
 * so a change of role or volumes takes effect on the next request. ADMIN_EMAILS makes an
 * address an admin whatever the database says: that is how the first admin gets in.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  // A database failure during the lookup is an error here, not "signed out" (lookUpSession).
  const { session, user: found } = await lookUpSession();
  const userId = session?.user?.id;
  if (!userId) return null;
  // Read with the session (lib/auth/auth.ts); looked up on its own only if that did not happen.
  const user = found?.id === userId ? found : await loadUser(userId);
  const signedInAt = (session as { signedInAt?: string | null }).signedInAt;
  return user && { ...user, signedInAt: signedInAt ? new Date(signedInAt) : null };
});

/** For pages: signed-out visitors go to sign-in and come back afterwards. */
export async function requireSignedIn(returnTo = '/'): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/**
 * For pages: runs a lookup or check that authorizes itself (lib/auth/authorization); a refusal
 * shows the 404 page, exactly like a missing record.
 */
export async function orNotFound<T>(work: Promise<T> | (() => T)): Promise<T> {
  try {
    return await (typeof work === 'function' ? work() : work);
  } catch (error) {
    if (isAppError(error) && error.code !== 'invalid' && error.code !== 'conflict') notFound();
    throw error;
  }
}

/** For editor pages: signed in, and an admin or the editor of some volume; else 404. */
export async function requireEditorPage(returnTo: string): Promise<CurrentUser> {
  const user = await requireSignedIn(returnTo);
  await orNotFound(() => requireEditor(user));
  return user;
}

/** For admin pages: signed in and an admin; else 404. */
export async function requireAdminPage(returnTo: string): Promise<CurrentUser> {
  const user = await requireSignedIn(returnTo);
  await orNotFound(() => requireAdmin(user));
  return user;
}
