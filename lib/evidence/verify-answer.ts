import type { VerificationResult } from './verify-signature';

/** Where both /verify forms post, with or without JavaScript (app/verify/check/route.ts). */
export const VERIFY_CHECK_PATH = '/verify/check';

/** What the check answers a script (Accept: application/json): a result, or why nothing was checked. */
export type VerifyAnswer = { result?: VerificationResult; message?: string };

/** A VerifyAnswer as JSON carries its date as text; this gives it back as a Date. */
export function readVerifyAnswer(json: unknown): VerifyAnswer {
  const answer = (json ?? {}) as { result?: VerificationResult & { signedAt?: string | Date }; message?: string };
  if (answer.result?.isValid) return { result: { ...answer.result, signedAt: new Date(answer.result.signedAt) } };
  return { result: answer.result, message: answer.message };
}

/** "2026-12-01 (09:30 UTC)": how /verify states the time of signing. */
export function describeSignedAt(signedAt: Date): string {
  return `${signedAt.toISOString().slice(0, 10)} (${signedAt.toISOString().slice(11, 16)} UTC)`;
}
