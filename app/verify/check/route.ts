import { z } from 'zod';

import { getRequestContext } from '@/lib/auth/request-context';
import { describeSignedAt, type VerifyAnswer } from '@/lib/evidence/verify-answer';
import { MAX_SIGNED_PDF_BYTES } from '@/lib/evidence/verify-limits';
import { verifySignatureId, verifySignedPdf } from '@/lib/evidence/verify-signature';
import { plainPageResponse } from '@/lib/http/plain-page';
import { PUBLIC_LIMITS, consume, retryIn } from '@/lib/rate-limit/rate-limiter';

export const dynamic = 'force-dynamic';

// Public on purpose: anyone holding a signed agreement may check it, signed in or not, so there
// is no one to authorize; what it guards is the portal's capacity (a per-client limit, decision
// 010). A route handler rather than a server action so that a refusal is an HTTP 429 with
// Retry-After, and so that the body is read by the portal (a malformed form is a 400, not a 500).
// The /verify page posts here with fetch and shows the JSON answer; without JavaScript the form
// posts here and the answer is a short page.

type Answer = VerifyAnswer & { status: number; retryAfterSeconds?: number };

const byIdSchema = z.object({
  signatureId: z.string().trim().min(1, 'Enter the signature id.').max(100, 'That is not a signature id.'),
  textSha256: z.string().trim().min(1, 'Enter the SHA-256 of the text.').max(200, 'That is not a SHA-256.'),
});

export async function POST(request: Request): Promise<Response> {
  const answer = await check(request);
  const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
  if (answer.retryAfterSeconds !== undefined) headers['Retry-After'] = String(answer.retryAfterSeconds);
  if (wantsJson(request)) {
    return Response.json({ result: answer.result, message: answer.message } satisfies VerifyAnswer, { status: answer.status, headers });
  }
  return plainPageResponse(resultPage(answer), answer.status, headers);
}

async function check(request: Request): Promise<Answer> {
  // Counted before the body is read: a client over its allowance costs a row update, no parsing.
  const limit = await consume(PUBLIC_LIMITS.verifyPerClient, (await getRequestContext()).ipAddress ?? 'unknown');
  if (!limit.allowed) {
    return {
      status: 429,
      retryAfterSeconds: limit.retryAfterSeconds,
      message: `Too many checks from your network just now. Please try again ${retryIn(limit.retryAfterSeconds)}.`,
    };
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return { status: 400, message: 'This request is not a form the verify page sends. Nothing was checked.' };
  }
  const pdf = form.get('pdf');
  if (pdf !== null) {
    if (!(pdf instanceof File) || pdf.size === 0) return { status: 400, message: 'Choose the signed agreement PDF to check.' };
    if (pdf.size > MAX_SIGNED_PDF_BYTES) {
      return { status: 413, message: 'This file is larger than 10 MB, so it is not a signed agreement from this portal.' };
    }
    return { status: 200, result: await verifySignedPdf(new Uint8Array(await pdf.arrayBuffer())) };
  }
  const parsed = byIdSchema.safeParse({ signatureId: form.get('signatureId') ?? '', textSha256: form.get('textSha256') ?? '' });
  if (!parsed.success) return { status: 400, message: parsed.error.issues[0]?.message ?? 'Enter both values.' };
  return { status: 200, result: await verifySignatureId(parsed.data.signatureId, parsed.data.textSha256) };
}

function wantsJson(request: Request): boolean {
  return (request.headers.get('accept') ?? '').includes('application/json');
}

/** The answer for a browser without JavaScript: the same words the /verify page shows. */
function resultPage({ result, message }: Answer) {
  const back = { href: '/verify', label: 'Check another agreement' };
  const checks = result?.checks
    ? { label: 'What was checked', items: result.checks.map((item) => `${item.ok ? 'Passed' : 'Failed'}: ${item.label}`) }
    : undefined;
  if (!result) return { title: 'Nothing was checked', paragraphs: [message ?? 'Nothing was checked.'], back };
  if (!result.isValid) return { title: 'Not valid', paragraphs: [result.reason], list: checks, back };
  return {
    title: `Valid: signed by ${result.signedBy} on ${describeSignedAt(result.signedAt)}`,
    paragraphs: [
      `“${result.title}”, ${result.proceedings}. Agreement version ${result.templateVersion}.`,
      `Text SHA-256 ${result.textSha256}`,
      `PDF SHA-256 ${result.pdfSha256}`,
    ],
    list: checks,
    back,
  };
}
