import 'server-only';

import { lt } from 'drizzle-orm';

import { getDb } from '@/db/client';
import { rateLimits, sessions, verificationTokens } from '@/db/schema';

/**
 * Deletes what has expired: sign-in and invitation tokens (a link past its time is refused either
 * way), sessions, and rate-limit counters whose window has closed. Hourly, on the job queue.
 */
export async function purgeExpired(now = new Date()): Promise<{ tokens: number; sessions: number; limits: number }> {
  const db = await getDb();
  const tokens = await db.delete(verificationTokens).where(lt(verificationTokens.expires, now)).returning({ token: verificationTokens.token });
  const ended = await db.delete(sessions).where(lt(sessions.expires, now)).returning({ token: sessions.sessionToken });
  const limits = await db.delete(rateLimits).where(lt(rateLimits.expire, now.getTime())).returning({ key: rateLimits.key });
  return { tokens: tokens.length, sessions: ended.length, limits: limits.length };
}
