import 'server-only';

import { createHash, createHmac } from 'node:crypto';

import type { DbOrTx } from '@/db/client';
import { verificationTokens } from '@/db/schema';
import { getEnv, publicBaseUrl } from '@/lib/env';
import { safeReturnPath } from '@/lib/safe-return-path';

// Every emailed sign-in link opens /sign-in/continue, a page that signs in only when its
// Continue button is pressed (a POST). A GET, which is all a mail scanner does, spends nothing.
// The page posts to Auth.js's own email callback, which checks and deletes the token.
// See docs/decisions/006-invitations-and-the-email-queue.md.

export const CONTINUE_PATH = '/sign-in/continue';

/** The Continue page for a token Auth.js (or an invitation) issued. */
export function continueSignInUrl(params: { token: string; email: string; callbackPath: string }): string {
  const base = publicBaseUrl();
  const query = new URLSearchParams({
    callbackUrl: `${base}${params.callbackPath}`,
    token: params.token,
    email: params.email,
  });
  return `${base}${CONTINUE_PATH}?${query}`;
}

/** Auth.js emails `…/api/auth/callback/email?…`; we email the Continue page with the same query. */
export function continuePageFor(authJsUrl: string): string {
  const url = new URL(authJsUrl);
  return `${publicBaseUrl()}${CONTINUE_PATH}${url.search}`;
}

/** Auth.js's email callback, which checks and spends a token (POST only: see the route). */
export const EMAIL_CALLBACK_PATH = '/api/auth/callback/email';

export type ContinueParams = { email: string; token: string; returnPath: string; formAction: string };

/** The Continue page's query, checked: an address, a token, and a path on this portal to land on. */
export function readContinueParams(query: Record<string, string | string[] | undefined>): ContinueParams | null {
  const one = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);
  const email = one(query.email)?.trim().toLowerCase();
  const token = one(query.token);
  if (!email || !/^[^\s@,;]+@[^\s@,;]+$/.test(email) || email.length > 320) return null;
  if (!token || !/^[A-Za-z0-9_-]{16,200}$/.test(token)) return null;
  const base = publicBaseUrl();
  const callback = one(query.callbackUrl) ?? '/';
  // Auth.js hands us an absolute URL on this portal; anything else lands on the home page.
  const returnPath = safeReturnPath(callback.startsWith(`${base}/`) ? callback.slice(base.length) : callback);
  const formQuery = new URLSearchParams({ callbackUrl: `${base}${returnPath}`, token, email });
  return { email, token, returnPath, formAction: `${EMAIL_CALLBACK_PATH}?${formQuery}` };
}

function authSecret(): string {
  const secret = getEnv().AUTH_SECRET;
  if (!secret) throw new Error('AUTH_SECRET is not set');
  return secret;
}

/** The secret Auth.js hashes tokens with (lib/auth/auth.ts passes the same to its provider). */
export function signInTokenSecret(): string {
  return authSecret();
}

/**
 * A sign-in link inside an invitation or reminder: single use, bound to the recipient's address,
 * ending at `expires` (the volume's deadline). Stored only as Auth.js stores its own tokens
 * (SHA-256 of token and secret). The token itself is derived from the message id with an HMAC
 * under AUTH_SECRET, so a retried send repeats the same link rather than minting another, and
 * whoever reads the database cannot rebuild it.
 */
export async function createInvitationSignInLink(
  db: DbOrTx,
  params: { emailId: string; recipient: string; callbackPath: string; expires: Date },
): Promise<string> {
  const secret = authSecret();
  const token = createHmac('sha256', secret).update(`invitation-link:${params.emailId}`).digest('base64url');
  await db
    .insert(verificationTokens)
    .values({
      identifier: params.recipient,
      token: createHash('sha256').update(`${token}${secret}`).digest('hex'),
      expires: params.expires,
    })
    .onConflictDoNothing();
  return continueSignInUrl({ token, email: params.recipient, callbackPath: params.callbackPath });
}
