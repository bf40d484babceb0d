import 'server-only';

import { and, eq, exists, or } from 'drizzle-orm';

import { getDb } from '@/db/client';
import { papers, users, volumeEditors } from '@/db/schema';
import { getEnv } from '@/lib/env';

/**
 * Only people the portal has business with get a sign-in link: corresponding authors of a
 * paper, editors of a volume and admins. Everyone else is told to check their email all the
 * same, so the form cannot be used to learn who is an author.
 */
export async function mayRequestSignInLink(email: string): Promise<boolean> {
  const normalized = email.trim().toLowerCase();
  if (getEnv().ADMIN_EMAILS.includes(normalized)) return true;
  const db = await getDb();
  const [author] = await db
    .select({ id: papers.id })
    .from(papers)
    .where(eq(papers.correspondingAuthorEmail, normalized))
    .limit(1);
  if (author) return true;
  const [staff] = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.email, normalized),
        or(
          eq(users.role, 'admin'),
          exists(db.select({ one: volumeEditors.userId }).from(volumeEditors).where(eq(volumeEditors.userId, users.id))),
        ),
      ),
    )
    .limit(1);
  return Boolean(staff);
}
