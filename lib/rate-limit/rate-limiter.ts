import 'server-only';

import { RateLimiterPostgres, type RateLimiterRes } from 'rate-limiter-flexible';

import { getDb } from '@/db/client';
import { getEnv } from '@/lib/env';
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
      // pg's result shape, as the store reads it: rows, and rowCount (0 means no counter yet).
      storeClient: {
        query: async (query: { text: string; values?: unknown[] }) => {
          const { rows } = await queueDbFor(await getDb()).executeSql(query.text, query.values);
          return { rows, rowCount: rows.length };
        },
      },
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

/** How many requests of `key` are left in its window (nothing spent), or the wait when none are. */
export async function peekLimit(name: string, key: string, points: number, durationSeconds: number): Promise<LimitResult> {
  const result = await limiter(name, points, durationSeconds).get(key);
  if (!result || result.remainingPoints > 0) return { allowed: true, remaining: result?.remainingPoints ?? points };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)) };
}

/** Spends one request of `key`'s allowance of `points` per `durationSeconds` window. */
export async function consumeLimit(name: string, key: string, points: number, durationSeconds: number): Promise<LimitResult> {
  try {
    const result = await limiter(name, points, durationSeconds).consume(key, 1);
    return { allowed: true, remaining: result.remainingPoints };
  } catch (rejection) {
    // The library rejects with a RateLimiterRes when the limit is reached and with an Error when
    // the store fails (its documented way to tell them apart; a bundler may copy the class, so
    // instanceof RateLimiterRes cannot be relied on).
    if (rejection instanceof Error) throw rejection;
    const { msBeforeNext } = rejection as RateLimiterRes;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)) };
  }
}

/**
 * The portal's limits on what anyone can ask for without signing in. Sign-in links: per address
 * (so nobody can flood an author's inbox) and per client address (so nobody can spray the
 * form); /verify: per client address.
 */
export const PUBLIC_LIMITS = {
  signInPerAddress: { name: 'sign-in-address', points: () => getEnv().SIGN_IN_LINKS_PER_HOUR, durationSeconds: 60 * 60 },
  signInPerClient: { name: 'sign-in-client', points: () => getEnv().SIGN_IN_REQUESTS_PER_HOUR_PER_CLIENT, durationSeconds: 60 * 60 },
  verifyPerClient: { name: 'verify-client', points: () => getEnv().VERIFY_CHECKS_PER_MINUTE, durationSeconds: 60 },
  /** Server actions of one signed-in session (keyed by the session token's hash). */
  actionsPerSession: { name: 'actions-session', points: () => getEnv().ACTIONS_PER_MINUTE_PER_SESSION, durationSeconds: 60 },
} as const;

export type PublicLimit = { name: string; points: () => number; durationSeconds: number };

export const consume = (limit: PublicLimit, key: string) => consumeLimit(limit.name, key, limit.points(), limit.durationSeconds);
export const peek = (limit: PublicLimit, key: string) => peekLimit(limit.name, key, limit.points(), limit.durationSeconds);

/** "in 3 minutes", "in 1 hour": when a refused request may be tried again. */
export function retryIn(seconds: number): string {
  if (seconds < 90) return `in ${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return minutes < 90 ? `in ${minutes} minutes` : `in ${Math.ceil(minutes / 60)} hours`;
}

/** What a server action answers a session over its limit. */
export function tooManyActionsMessage(retryAfterSeconds: number): string {
  return `Too many requests from your session just now. Nothing was changed; please try again ${retryIn(retryAfterSeconds)}.`;
}
