import type { IncomingMessage, ServerResponse } from 'node:http';

const KB = 1024;
const MB = 1024 * KB;

/**
 * How large a request body each endpoint takes, by the path it is posted to (a server action is
 * posted to the page that shows its form). Checked from Content-Length before a byte of the body
 * is read (installRequestHooks in lib/http/client-address.ts), so a 100 MB upload to the sign
 * form is answered at once and never held in memory. next.config.ts's serverActions.bodySizeLimit is the largest of these, as a
 * second line. Decision 010 says why each is what it is.
 */
export const BODY_LIMITS: readonly { path: RegExp; bytes: number }[] = [
  // A signed agreement PDF of at most 10 MB (app/verify/check/route.ts), with the form around it.
  { path: /^\/verify\/check\/?$/, bytes: 11 * MB },
  // An accepted-papers file of at most 5 MB (lib/editor/import-limits.ts).
  { path: /^\/editor\/import\/?$/, bytes: 5 * MB + 512 * KB },
  // A CSV or BibTeX file of at most 5 MB; applying it posts the checked file back, and React
  // posts the form's previous state (the preview, which holds the file) with it.
  { path: /^\/editor\/publication\/?$/, bytes: 11 * MB },
  { path: /^\/editor\/volumes\/[^/]+\/keys\/?$/, bytes: 11 * MB },
  // An agreement text of at most 200 KB, posted with its preview.
  { path: /^\/admin\/agreements\/?$/, bytes: 1 * MB },
  // Auth.js's forms: an address, or a token (app/api/auth/[...nextauth]/route.ts says the same).
  { path: /^\/api\/auth\//, bytes: 16 * KB },
];

/** Everything else (signing, voiding, inviting, the sign-in form…): a few fields. */
export const DEFAULT_BODY_LIMIT = 32 * KB;

export function bodyLimitFor(pathname: string): number {
  return BODY_LIMITS.find((limit) => limit.path.test(pathname))?.bytes ?? DEFAULT_BODY_LIMIT;
}

export type BodyVerdict = { ok: true } | { ok: false; status: 411 | 413; message: string };

/** What a request's headers say of its body, before any of it is read. */
export function judgeBody(method: string | undefined, url: string | undefined, headers: IncomingMessage['headers']): BodyVerdict {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return { ok: true };
  const declared = headers['content-length'];
  if (declared === undefined) {
    // No Content-Length and no chunked body: there is no body.
    if (headers['transfer-encoding'] === undefined) return { ok: true };
    return { ok: false, status: 411, message: 'Send this request with a Content-Length.' };
  }
  const length = /^\d{1,15}$/.test(declared) ? Number(declared) : Number.NaN;
  const pathname = pathnameOf(url);
  const limit = bodyLimitFor(pathname);
  if (!Number.isFinite(length)) return { ok: false, status: 411, message: 'Send this request with a valid Content-Length.' };
  if (length > limit) {
    return {
      ok: false,
      status: 413,
      message: `This request is larger than ${describeBytes(limit)}, the most this page accepts. Nothing was saved.`,
    };
  }
  return { ok: true };
}

function pathnameOf(url: string | undefined): string {
  try {
    return new URL(url ?? '/', 'http://portal.invalid').pathname;
  } catch {
    return '/';
  }
}

function describeBytes(bytes: number): string {
  return bytes >= MB ? `${Math.round((bytes / MB) * 10) / 10} MB` : `${Math.round(bytes / KB)} KB`;
}

/**
 * Answers a refused request at once, before its body is read. What the client is still sending
 * is then read and thrown away, never kept, for at most a few seconds (after that the connection
 * is cut): closing while data still arrives would reset the connection, and the client could
 * lose the answer.
 */
export function refuseBody(request: IncomingMessage, response: ServerResponse, verdict: Extract<BodyVerdict, { ok: false }>): void {
  response.writeHead(verdict.status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(verdict.message);
  const stop = setTimeout(() => request.socket?.destroy(), DRAIN_SECONDS * 1000);
  stop.unref();
  request.once('end', () => clearTimeout(stop));
  request.once('error', () => clearTimeout(stop));
  request.resume();
}

/** How long a refused request's remaining body is read (and discarded) before the connection is cut. */
const DRAIN_SECONDS = 5;
