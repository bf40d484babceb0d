import 'server-only';

import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';

import { getDb } from '@/db/client';
import { queueDbFor } from '@/lib/jobs/queue';

// rate-limiter-flexible (a well-kept limiter with a PostgreSQL store) keeps its counters in the
// portal's own database (table rate_limits, created by our migrations), so a limit holds across
// every portal process. Its store asks for a client with query({ text, values }); ours runs that
// through the portal's connection (postgres.js or the embedded PGlite alike), as the app role.

export type LimitResult = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

const globalForLimiters = globalThis as unknown as { __portalLimiters?: Map<string, RateLimiterPostgres> };

function limiter(name: string, points: number, durationSeconds: number): RateLimiterPostgres {
  const limiters = (globalForLimiters.__portalLimiters ??= new Map());
  const key = `${name}:${points}:${durationSeconds}`;
  let found = limiters.get(key);
  if (!found) {
    found = new RateLimiterPostgres({
      storeClient: { query: async (query: { text: string; values?: unknown[] }) => queueDbFor(await getDb()).executeSql(query.text, query.values) },
      storeType: 'pool',
      tableName: 'rate_limits',
      tableCreated: true,
      // Expired counters are reset on their next use; nothing else needs deleting them.
      clearExpiredByTimeout: false,
      keyPrefix: name,
      points,
      duration: durationSeconds,
    });
    limiters.set(key, found);
  }
  return found;
}

/** Spends one request of `key`'s allowance of `points` per `durationSeconds` window. */
export async function consumeLimit(name: string, key: string, points: number, durationSeconds: number): Promise<LimitResult> {
  try {
    const result = await limiter(name, points, durationSeconds).consume(key, 1);
    return { allowed: true, remaining: result.remainingPoints };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) {
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
    }
    throw rejection;
  }
}
