import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import { getDb } from '@/db/client';
import { rateLimits, sessions, verificationTokens } from '@/db/schema';
import { seedUser } from '@/tests/factories';

import { purgeExpired } from './purge-expired';

describe('the hourly purge', () => {
  it('deletes expired tokens, sessions and rate-limit counters, and nothing still valid', async () => {
    const db = await getDb();
    const user = await seedUser('purge-me@example.org');
    const now = new Date('2030-01-01T12:00:00Z');
    const past = new Date(now.getTime() - 1000);
    const future = new Date(now.getTime() + 60_000);
    await db.insert(verificationTokens).values([
      { identifier: 'purge-me@example.org', token: 'expired-token', expires: past },
      { identifier: 'purge-me@example.org', token: 'valid-token', expires: future },
    ]);
    await db.insert(sessions).values([
      { sessionToken: 'expired-session', userId: user.id, expires: past },
      { sessionToken: 'valid-session', userId: user.id, expires: future },
    ]);
    await db.insert(rateLimits).values([
      { key: 'purge:expired', points: 3, expire: past.getTime() },
      { key: 'purge:valid', points: 1, expire: future.getTime() },
    ]);
    const purged = await purgeExpired(now);
    expect(purged.tokens).toBeGreaterThanOrEqual(1);
    expect(purged.sessions).toBeGreaterThanOrEqual(1);
    expect(purged.limits).toBeGreaterThanOrEqual(1);
    expect((await db.select().from(verificationTokens).where(eq(verificationTokens.identifier, 'purge-me@example.org'))).map((row) => row.token)).toEqual(['valid-token']);
    expect((await db.select().from(sessions).where(eq(sessions.userId, user.id))).map((row) => row.sessionToken)).toEqual(['valid-session']);
    expect((await db.select().from(rateLimits).where(inArray(rateLimits.key, ['purge:expired', 'purge:valid']))).map((row) => row.key)).toEqual(['purge:valid']);
  });
});
