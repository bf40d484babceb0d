import 'server-only';

import { cookies, headers } from 'next/headers';

import { sha256Hex } from '@/lib/crypto/sha256';
import { getEnv } from '@/lib/env';
import { CLAIMED_FORWARDED_FOR_HEADER, PEER_HEADER, clientAddress } from '@/lib/http/client-address';

import { SESSION_COOKIES } from './session-cookies';

export type RequestContext = {
  /** The client address: the socket's, or as TRUSTED_PROXY_HOPS trusted proxies report it. */
  ipAddress: string | null;
  /** X-Forwarded-For as the request claimed it (not trusted), when it carried one. */
  forwardedForClaimed?: string | null;
  userAgent: string | null;
  /** SHA-256 of the session cookie: ties evidence to a session without storing a credential. */
  sessionIdHash: string | null;
};

/**
 * Who is asking, as far as the request can tell. The address is the TCP peer's, stamped by the
 * server itself (lib/http/client-address.ts), unless TRUSTED_PROXY_HOPS says how many proxies
 * in front may be believed; whatever X-Forwarded-For the request carried is kept apart, as a claim.
 */
export async function getRequestContext(): Promise<RequestContext> {
  const [headerList, cookieStore] = await Promise.all([headers(), cookies()]);
  const claimed = headerList.get(CLAIMED_FORWARDED_FOR_HEADER);
  const session = SESSION_COOKIES.map((name) => cookieStore.get(name)?.value).find(Boolean);
  return {
    ipAddress: clientAddress(headerList.get(PEER_HEADER), claimed, getEnv().TRUSTED_PROXY_HOPS),
    forwardedForClaimed: claimed || null,
    userAgent: headerList.get('user-agent')?.slice(0, 1000) ?? null,
    sessionIdHash: session ? sha256Hex(session) : null,
  };
}
