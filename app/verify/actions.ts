'use server';

import { z } from 'zod';

import { getRequestContext } from '@/lib/auth/request-context';
import { MAX_SIGNED_PDF_BYTES } from '@/lib/evidence/verify-limits';
import { verifySignatureId, verifySignedPdf, type VerificationResult } from '@/lib/evidence/verify-signature';
import { PUBLIC_LIMITS, consume, retryIn } from '@/lib/rate-limit/rate-limiter';

export type VerifyState = { result?: VerificationResult; message?: string } | null;


/** Checks are free but not unlimited: so many per minute from one client address. */
async function overLimit(): Promise<VerifyState> {
  const limit = await consume(PUBLIC_LIMITS.verifyPerClient, (await getRequestContext()).ipAddress ?? 'unknown');
  return limit.allowed ? null : { message: `Too many checks from your network just now. Please try again ${retryIn(limit.retryAfterSeconds)}.` };
}

/** Public on purpose: anyone holding a signed agreement may check it. */
export async function verifyPdfAction(_prev: VerifyState, formData: FormData): Promise<VerifyState> {
  const refused = await overLimit();
  if (refused) return refused;
  const file = formData.get('pdf');
  if (!(file instanceof File) || file.size === 0) return { message: 'Choose the signed agreement PDF to check.' };
  if (file.size > MAX_SIGNED_PDF_BYTES) return { result: { isValid: false, reason: 'This file is too large to be a signed agreement from this portal.' } };
  return { result: await verifySignedPdf(new Uint8Array(await file.arrayBuffer())) };
}

const byIdSchema = z.object({
  signatureId: z.string().trim().min(1, 'Enter the signature id.').max(100),
  textSha256: z.string().trim().min(1, 'Enter the SHA-256 of the text.').max(200),
});

export async function verifyIdAction(_prev: VerifyState, formData: FormData): Promise<VerifyState> {
  const refused = await overLimit();
  if (refused) return refused;
  const parsed = byIdSchema.safeParse({
    signatureId: formData.get('signatureId') ?? '',
    textSha256: formData.get('textSha256') ?? '',
  });
  if (!parsed.success) return { message: parsed.error.issues[0]?.message ?? 'Enter both values.' };
  return { result: await verifySignatureId(parsed.data.signatureId, parsed.data.textSha256) };
}
