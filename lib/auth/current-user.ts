import 'server-only';

import { eq } from 'drizzle-orm';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';

import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { getEnv } from '@/lib/env';

import { auth } from './auth';
import { isEditor, type CurrentUser } from './roles';

export type { CurrentUser } from './roles';
export { isEditor } from './roles';

/**
 * The signed-in user as the database knows them now (not as the session remembered them),
 * so a role change takes effect on the next request. ADMIN_EMAILS makes an address an admin.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  const db = await getDb();
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) return null;
  return getEnv().ADMIN_EMAILS.includes(user.email) ? { ...user, role: 'admin' } : user;
});

/** For pages: signed-out visitors go to sign-in and come back afterwards. */
export async function requireUser(returnTo = '/'): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/** For editor pages: anyone who is not an editor or admin gets a 404, not a hint. */
export async function requireEditor(returnTo = '/editor'): Promise<CurrentUser> {
  const user = await requireUser(returnTo);
  if (!isEditor(user)) notFound();
  return user;
}
