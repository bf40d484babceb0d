import 'server-only';

import { isAppError } from '@/lib/errors';

import { getCurrentUser } from './current-user';
import type { CurrentUser } from './roles';

type RouteContext<P> = { params: Promise<P> };

/**
 * A route handler that knows who is asking. The handler authorizes through
 * lib/auth/authorization (directly or via a domain function); its refusals become
 * 401 (signed out) or 404 (no access, same as missing), bad input 400.
 */
export function withCurrentUser<P>(
  handler: (user: CurrentUser | null, request: Request, params: P) => Promise<Response>,
): (request: Request, context: RouteContext<P>) => Promise<Response> {
  return async (request, context) => {
    try {
      return await handler(await getCurrentUser(), request, await context.params);
    } catch (error) {
      if (!isAppError(error)) throw error;
      const [status, body] =
        error.code === 'unauthenticated'
          ? [401, 'Please sign in.']
          : error.code === 'invalid'
            ? [400, error.message]
            : [404, 'Not found.'];
      return new Response(body, {
        status,
        headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'private, no-store' },
      });
    }
  };
}
