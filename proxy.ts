import { NextResponse, type NextRequest } from 'next/server';

import { SESSION_COOKIES } from '@/lib/auth/session-cookies';

// The proxy only redirects signed-out visitors early, by cookie presence. It is never the
// lock: every page, route and action checks the session and the role itself.

export function proxy(request: NextRequest) {
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (hasSession) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = '/sign-in';
  url.search = `?callbackUrl=${encodeURIComponent(request.nextUrl.pathname + request.nextUrl.search)}`;
  return NextResponse.redirect(url);
}

export const config = { matcher: ['/papers/:path*', '/editor/:path*', '/admin/:path*'] };
