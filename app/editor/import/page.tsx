import type { Metadata } from 'next';
import Link from 'next/link';

import { requireEditorPage } from '@/lib/auth/current-user';

import { ImportForm } from './import-form';

export const metadata: Metadata = { title: 'Import accepted papers' };

export default async function ImportPage() {
  await requireEditorPage('/editor/import');
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href="/editor">← All volumes</Link>
      </p>
      <div>
        <h1 className="text-2xl font-semibold">Import accepted papers</h1>
        <p className="text-slate-700">
          Upload a CSV, check what it would change, then confirm. Papers are matched by volume and paper key, so
          uploading the same file twice changes nothing. A file with any error cannot be imported.
        </p>
      </div>
      <ImportForm />
    </div>
  );
}
