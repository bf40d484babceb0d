import 'server-only';

import { cookies, headers } from 'next/headers';

import { sha256Hex } from '@/lib/crypto/sha256';

import { SESSION_COOKIES } from './session-cookies';

export type RequestContext = {
  ipAddress: string | null;
  userAgent: string | null;
  /** SHA-256 of the session cookie: ties evidence to a session without storing a credential. */
  sessionIdHash: string | null;
};

/**
 * Who is asking, as far as the request can tell. The client address is the first hop of
 * X-Forwarded-For, which `next start` sets from the socket and a reverse proxy must set too.
 */
export async function getRequestContext(): Promise<RequestContext> {
  const [headerList, cookieStore] = await Promise.all([headers(), cookies()]);
  const forwarded = headerList.get('x-forwarded-for')?.split(',')[0]?.trim();
  const session = SESSION_COOKIES.map((name) => cookieStore.get(name)?.value).find(Boolean);
  return {
    ipAddress: forwarded || headerList.get('x-real-ip') || null,
    userAgent: headerList.get('user-agent')?.slice(0, 1000) ?? null,
    sessionIdHash: session ? sha256Hex(session) : null,
  };
}
