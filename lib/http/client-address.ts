import type { IncomingMessage } from 'node:http';

/**
 * The TCP peer of each request and the X-Forwarded-For it arrived with, as headers only the
 * server sets. `next start` fills X-Forwarded-For from the socket only when the request has
 * none, so behind no proxy a client could name any address; these headers let the portal tell
 * the socket's address from what a request claims (lib/auth/request-context.ts).
 */
export const PEER_HEADER = 'x-portal-peer-address';
export const CLAIMED_FORWARDED_FOR_HEADER = 'x-portal-claimed-forwarded-for';

/** Rewrites a request's headers from its socket; whatever the client sent under these names is dropped. */
export function stampClientAddress(request: IncomingMessage): void {
  const claimed = request.headers['x-forwarded-for'];
  delete request.headers[PEER_HEADER];
  delete request.headers[CLAIMED_FORWARDED_FOR_HEADER];
  if (request.socket?.remoteAddress) request.headers[PEER_HEADER] = request.socket.remoteAddress;
  const list = Array.isArray(claimed) ? claimed.join(', ') : claimed;
  if (list) request.headers[CLAIMED_FORWARDED_FOR_HEADER] = list.slice(0, 1000);
}

/**
 * The client's address: the socket's peer with no trusted proxy; with N trusted proxies, the
 * address the outermost of them saw, i.e. the Nth entry from the right of "X-Forwarded-For,
 * peer". Fewer entries than hops: the leftmost (the chain is shorter than configured).
 */
export function clientAddress(peer: string | null, claimedForwardedFor: string | null, trustedHops: number): string | null {
  if (trustedHops === 0 || !peer) return normalizeAddress(peer);
  const chain = [
    ...(claimedForwardedFor ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
    peer,
  ];
  return normalizeAddress(chain[Math.max(0, chain.length - 1 - trustedHops)] ?? null);
}

/** "::ffff:127.0.0.1" (an IPv4 client on a dual-stack socket) is written as 127.0.0.1. */
function normalizeAddress(address: string | null): string | null {
  if (!address) return null;
  const trimmed = address.trim().slice(0, 100);
  return trimmed.startsWith('::ffff:') && trimmed.includes('.') ? trimmed.slice(7) : trimmed;
}

const installed = globalThis as unknown as { __portalRequestHooks?: boolean };

/**
 * Sees every request the process's HTTP(S) servers receive, before Next.js reads it: stamps its
 * socket address, refuses a body larger than its endpoint takes (lib/http/body-limits.ts)
 * without reading it, and gives the response its Content-Security-Policy with a fresh script
 * nonce (lib/http/content-security-policy.ts) and, at an https AUTH_URL, HSTS. Called once from instrumentation.ts (Node.js runtime), which runs in the
 * process that serves.
 */
export async function installRequestHooks(): Promise<void> {
  if (installed.__portalRequestHooks) return;
  installed.__portalRequestHooks = true;
  const http = await import('node:http');
  const { judgeBody, refuseBody } = await import('./body-limits');
  const { contentSecurityPolicy, newNonce } = await import('./content-security-policy');
  const development = process.env.NODE_ENV === 'development';
  // Browsers heed HSTS only over https; it is sent when the portal is served at an https AUTH_URL.
  const https = (process.env.AUTH_URL ?? '').startsWith('https://');
  const originalEmit = http.Server.prototype.emit;
  http.Server.prototype.emit = function emit(this: import('node:http').Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') {
      const request = args[0] as IncomingMessage;
      const response = args[1] as import('node:http').ServerResponse;
      stampClientAddress(request);
      const verdict = judgeBody(request.method, request.url, request.headers);
      if (!verdict.ok) {
        refuseBody(request, response, verdict);
        return true;
      }
      // The policy on the request is where Next.js finds this response's script nonce; what the
      // client sent under that name is replaced.
      const policy = contentSecurityPolicy(newNonce(), { development });
      delete request.headers['content-security-policy-report-only'];
      request.headers['content-security-policy'] = policy;
      response.setHeader('Content-Security-Policy', policy);
      if (https) response.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    }
    return Reflect.apply(originalEmit, this, [event, ...args]) as boolean;
  } as typeof originalEmit;
}
