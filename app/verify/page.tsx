import type { Metadata } from 'next';

import { SEAL_KEYS_PATH } from '@/lib/evidence/seal-keys';

import { VerifyForms } from './verify-forms';

export const metadata: Metadata = { title: 'Verify a signed agreement' };

export default async function VerifyPage(props: { searchParams: Promise<{ signature?: string; hash?: string }> }) {
  const { signature, hash } = await props.searchParams;
  return (
    <div className="space-y-6">
      <div className="max-w-2xl">
        <h1 className="text-2xl font-semibold">Verify a signed agreement</h1>
        <p className="text-slate-700">
          Check that a publication agreement PDF is exactly what was signed through this portal, or look up a signature
          by its id and the SHA-256 of its text. No sign-in needed.
        </p>
      </div>
      <VerifyForms signatureId={signature} textSha256={hash} />
      <p className="max-w-2xl text-sm text-slate-600">
        Every signature record is sealed with the portal&apos;s Ed25519 key. The public key is published at{' '}
        <a href={SEAL_KEYS_PATH}>{SEAL_KEYS_PATH}</a>, so a seal can also be checked without this site.
      </p>
    </div>
  );
}
