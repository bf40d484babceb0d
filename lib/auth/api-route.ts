import 'server-only';

import { authenticateApiToken } from '@/lib/api/api-tokens';
import { getEnv } from '@/lib/env';
import { isAppError } from '@/lib/errors';
import { consumeLimit } from '@/lib/rate-limit/rate-limiter';

import type { TokenPrincipal } from './authorization';

type RouteContext<P> = { params: Promise<P> };

export function apiError(status: number, error: string, message: string, headers: Record<string, string> = {}): Response {
  return Response.json(
    { error, message },
    { status, headers: { 'cache-control': 'no-store', ...headers } },
  );
}

const unauthorized = () =>
  apiError(401, 'unauthorized', 'Send a valid API token: Authorization: Bearer pmlr_…', {
    'www-authenticate': 'Bearer realm="pmlr-agreements", error="invalid_token"',
  });

/**
 * A /api/v1 route: the caller is an API token, never a session (cookies are not read at all, so a
 * signed-in browser cannot be made to call it). A missing, unknown or revoked token gets 401;
 * more than API_RATE_PER_MINUTE requests of one token in a minute get 429 with Retry-After; the
 * handler authorizes through lib/auth/authorization (requireTokenVolume…), whose refusals are
 * 404, as for a volume or signature that does not exist.
 */
export function withApiToken<P>(
  handler: (principal: TokenPrincipal, request: Request, params: P) => Promise<Response>,
): (request: Request, context: RouteContext<P>) => Promise<Response> {
  return async (request, context) => {
    const header = request.headers.get('authorization') ?? '';
    const match = /^Bearer ([^\s]+)$/i.exec(header.trim());
    if (!match) return unauthorized();
    const principal = await authenticateApiToken(match[1]!);
    if (!principal) return unauthorized();
    const limit = await consumeLimit('api', principal.tokenId, getEnv().API_RATE_PER_MINUTE, 60);
    if (!limit.allowed) {
      return apiError(429, 'rate_limited', `Too many requests for this token: try again in ${limit.retryAfterSeconds} s.`, {
        'retry-after': String(limit.retryAfterSeconds),
      });
    }
    try {
      const response = await handler(principal, request, await context.params);
      response.headers.set('x-ratelimit-remaining', String(limit.remaining));
      return response;
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.code === 'invalid') return apiError(400, 'invalid_request', error.message);
      return apiError(404, 'not_found', 'Not found.');
    }
  };
}
