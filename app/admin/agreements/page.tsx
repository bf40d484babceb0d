import type { Metadata } from 'next';
import Link from 'next/link';

import { LocalTime } from '@/components/local-time';
import { listAgreementVersions } from '@/lib/agreements/list-agreement-versions';
import { requireAdminPage } from '@/lib/auth/current-user';

import { PublishAgreementForm } from './publish-form';

export const metadata: Metadata = { title: 'Agreement versions' };

export default async function AgreementVersionsPage() {
  const admin = await requireAdminPage('/admin/agreements');
  const versions = await listAgreementVersions(admin);
  return (
    <div className="space-y-8">
      <p className="text-sm">
        <Link href="/admin">← Admin</Link>
      </p>
      <div>
        <h1 className="text-2xl font-semibold">Agreement versions</h1>
        <p className="text-slate-700">
          Each volume&apos;s authors sign the version its editors chose. A published version never changes; a new text is
          a new version.
        </p>
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Published agreement versions, newest first</caption>
          <thead className="bg-slate-100 text-slate-700">
            <tr>
              <th scope="col" className="px-4 py-2">Version</th>
              <th scope="col" className="px-4 py-2">Published</th>
              <th scope="col" className="px-4 py-2">By</th>
              <th scope="col" className="px-4 py-2 text-right">Volumes using it</th>
              <th scope="col" className="px-4 py-2">SHA-256 of the text</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((version) => (
              <tr key={version.version} className="border-t border-slate-200">
                <th scope="row" className="px-4 py-2 font-normal">
                  {version.title}, version {version.version}
                </th>
                <td className="whitespace-nowrap px-4 py-2">
                  <LocalTime iso={version.createdAt.toISOString()} />
                </td>
                <td className="px-4 py-2">{version.publishedBy ?? 'the portal (command line or first start)'}</td>
                <td className="px-4 py-2 text-right tabular-nums">{version.volumeCount}</td>
                <td className="px-4 py-2 font-mono text-xs">{version.bodySha256.slice(0, 16)}…</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section aria-labelledby="publish-heading" className="space-y-3">
        <h2 id="publish-heading" className="text-xl font-semibold">
          Publish a new version
        </h2>
        <PublishAgreementForm />
      </section>
    </div>
  );
}
