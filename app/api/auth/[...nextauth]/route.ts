import type { NextRequest } from 'next/server';

import { handlers } from '@/lib/auth/auth';
import { getRequestContext } from '@/lib/auth/request-context';
import { CONTINUE_PATH, EMAIL_CALLBACK_PATH } from '@/lib/auth/sign-in-links';
import { publicBaseUrl } from '@/lib/env';
import { plainPageResponse } from '@/lib/http/plain-page';
import { PUBLIC_LIMITS, consume, retryIn } from '@/lib/rate-limit/rate-limiter';

// Auth.js's own routes, with one change: its email callback spends a sign-in token, so it
// answers only a POST from this portal's Continue page. A GET (a mail scanner, an old link)
// is sent to the Continue page with the same query, and a POST from another site (login
// CSRF: signing a victim into the attacker's account) is refused.

const EMAIL_SIGN_IN_PATH = '/api/auth/signin/email';

const isEmailCallback = (request: NextRequest) => request.nextUrl.pathname === EMAIL_CALLBACK_PATH;

export async function GET(request: NextRequest): Promise<Response> {
  if (isEmailCallback(request)) {
    return new Response(null, {
      status: 303,
      headers: { Location: `${publicBaseUrl()}${CONTINUE_PATH}${request.nextUrl.search}`, 'Cache-Control': 'no-store' },
    });
  }
  return handlers.GET(request);
}

/** Auth.js's forms are an address and a token: a few hundred bytes. Larger bodies are refused unread. */
const MAX_AUTH_BODY_BYTES = 16 * 1024;

export async function POST(request: NextRequest): Promise<Response> {
  const length = Number(request.headers.get('content-length') ?? Number.NaN);
  if (!Number.isFinite(length) || length > MAX_AUTH_BODY_BYTES) {
    return new Response(Number.isFinite(length) ? 'Request too large.' : 'A Content-Length is required.', {
      status: Number.isFinite(length) ? 413 : 411,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  }
  // Asking for a link straight at Auth.js (not through the sign-in form) counts against the
  // same per-client allowance, and over it gets 429 with Retry-After and a page that says so.
  if (request.nextUrl.pathname === EMAIL_SIGN_IN_PATH) {
    const limit = await consume(PUBLIC_LIMITS.signInPerClient, (await getRequestContext()).ipAddress ?? 'unknown');
    if (!limit.allowed) return tooManySignInRequests(limit.retryAfterSeconds);
  }
  if (isEmailCallback(request) && request.headers.get('origin') !== new URL(publicBaseUrl()).origin) {
    return new Response('Sign-in links are completed from the portal’s own Continue page.', {
      status: 403,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  }
  return handlers.POST(request);
}

function tooManySignInRequests(retryAfterSeconds: number): Response {
  return plainPageResponse(
    {
      title: 'Too many sign-in requests',
      paragraphs: [
        `Too many sign-in links were asked for from your network just now. Please try again ${retryIn(retryAfterSeconds)}; a link already sent still works for 10 minutes.`,
      ],
      back: { href: '/sign-in', label: 'Back to sign in' },
    },
    429,
    { 'Retry-After': String(retryAfterSeconds) },
  );
}
