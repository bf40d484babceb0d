import type { NextRequest } from 'next/server';

import { handlers } from '@/lib/auth/auth';
import { CONTINUE_PATH, EMAIL_CALLBACK_PATH } from '@/lib/auth/sign-in-links';
import { publicBaseUrl } from '@/lib/env';

// Auth.js's own routes, with one change: its email callback spends a sign-in token, so it
// answers only a POST from this portal's Continue page. A GET (a mail scanner, an old link)
// is sent to the Continue page with the same query, and a POST from another site (login
// CSRF: signing a victim into the attacker's account) is refused.

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
  if (isEmailCallback(request) && request.headers.get('origin') !== new URL(publicBaseUrl()).origin) {
    return new Response('Sign-in links are completed from the portal’s own Continue page.', {
      status: 403,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  }
  return handlers.POST(request);
}
