import type { Metadata } from 'next';
import Link from 'next/link';

import { LocalTime } from '@/components/local-time';
import { listApiTokens } from '@/lib/api/api-tokens';
import { requireEditorPage } from '@/lib/auth/current-user';
import { listVolumeOverview } from '@/lib/editor/list-volume-overview';
import { publicBaseUrl } from '@/lib/env';

import { CreateTokenForm, RevokeTokenForm } from './token-forms';

export const metadata: Metadata = { title: 'API tokens' };

export default async function ApiTokensPage() {
  const user = await requireEditorPage('/editor/api-tokens');
  const [tokens, volumes] = await Promise.all([listApiTokens(user), listVolumeOverview(user)]);
  const base = publicBaseUrl();
  const example = volumes[0]?.number ?? 151;

  return (
    <div className="space-y-8">
      <p className="text-sm">
        <Link href="/editor">← All volumes</Link>
      </p>
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">API tokens</h1>
        <p className="max-w-3xl text-slate-700">
          The pipeline that builds the proceedings reads each paper’s agreement status, hashes and sealed PDF through a
          read-only API. A token reads only the volumes you choose, and only while you edit them. The API is described
          at <a href={`${base}/api/v1/openapi.json`}>/api/v1/openapi.json</a>; for example:
        </p>
        <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-sm text-slate-50">
          <code>{`curl -H "Authorization: Bearer pmlr_…" ${base}/api/v1/volumes/${example}/papers`}</code>
        </pre>
      </header>

      <section aria-labelledby="new-token-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="new-token-heading" className="text-lg font-semibold">
          New token
        </h2>
        {volumes.length === 0 ? <p>You edit no volume yet.</p> : <CreateTokenForm volumes={volumes.map(({ number, name }) => ({ number, name }))} />}
      </section>

      <section aria-labelledby="tokens-heading" className="space-y-3">
        <h2 id="tokens-heading" className="text-lg font-semibold">
          {user.isAdmin ? 'Every token' : 'Your tokens'}
        </h2>
        {tokens.length === 0 ? (
          <p className="text-slate-700">No tokens yet.</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">API tokens, newest first</caption>
              <thead className="bg-slate-100 text-slate-700">
                <tr>
                  <th scope="col" className="px-4 py-2">Name</th>
                  <th scope="col" className="px-4 py-2">Token</th>
                  <th scope="col" className="px-4 py-2">Volumes</th>
                  <th scope="col" className="px-4 py-2">Created</th>
                  <th scope="col" className="px-4 py-2">Last used</th>
                  <th scope="col" className="px-4 py-2">State</th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((token) => (
                  <tr key={token.id} className="border-t border-slate-200 align-top">
                    <th scope="row" className="px-4 py-3 font-medium">
                      {token.name}
                      {user.isAdmin ? <span className="block font-normal text-slate-600">{token.createdBy}</span> : null}
                    </th>
                    <td className="px-4 py-3 font-mono text-xs">{token.displayPrefix}…</td>
                    <td className="px-4 py-3">{token.volumes.join(', ')}</td>
                    <td className="whitespace-nowrap px-4 py-3">
                      <LocalTime iso={token.createdAt.toISOString()} dateOnly />
                    </td>
                    <td className="whitespace-nowrap px-4 py-3">
                      {token.lastUsedAt ? <LocalTime iso={token.lastUsedAt.toISOString()} /> : <span className="text-slate-600">Never</span>}
                    </td>
                    <td className="px-4 py-3">
                      {token.revokedAt ? (
                        <span className="text-slate-700">
                          Revoked <LocalTime iso={token.revokedAt.toISOString()} dateOnly />
                        </span>
                      ) : (
                        <RevokeTokenForm tokenId={token.id} name={token.name} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
