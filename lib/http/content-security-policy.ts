import { randomBytes } from 'node:crypto';

/**
 * The Content-Security-Policy of every response, with a fresh script nonce per request. Next.js
 * reads the nonce from the request's own CSP header and puts it on the scripts it renders, so
 * only those run ('strict-dynamic' lets them load the rest of the app's chunks): an injected
 * <script> or inline handler never does. Pages render per request (the root layout reads the
 * session), so each gets its own nonce. Decision 010.
 */
export function contentSecurityPolicy(nonce: string, { development = false } = {}): string {
  return [
    "default-src 'self'",
    // Next's dev server evaluates modules with eval(); a production build never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    // Tailwind's stylesheet is a file; React writes style attributes, which need this.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join('; ');
}

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}
