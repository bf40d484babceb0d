import 'server-only';

import { createHash, createHmac } from 'node:crypto';

import type { DbOrTx } from '@/db/client';
import { verificationTokens } from '@/db/schema';
import { getEnv, publicBaseUrl } from '@/lib/env';

// Every emailed sign-in link opens /sign-in/continue, a page that signs in only when its
// Continue button is pressed (a POST). A GET, which is all a mail scanner does, spends nothing.
// The page posts to Auth.js's own email callback, which checks and deletes the token.
// See docs/decisions/006-invitations-and-the-email-queue.md.

export const CONTINUE_PATH = '/sign-in/continue';

/** The Continue page for a token Auth.js (or an invitation) issued. */
export function continueSignInUrl(params: { token: string; email: string; callbackPath: string }): string {
  const base = publicBaseUrl();
  const query = new URLSearchParams({ callbackUrl: `${base}${params.callbackPath}`, token: params.token, email: params.email });
  return `${base}${CONTINUE_PATH}?${query}`;
}

/** Auth.js emails `…/api/auth/callback/email?…`; we email the Continue page with the same query. */
export function continuePageFor(authJsUrl: string): string {
  const url = new URL(authJsUrl);
  return `${publicBaseUrl()}${CONTINUE_PATH}${url.search}`;
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
