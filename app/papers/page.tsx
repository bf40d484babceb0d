import type { Metadata } from 'next';
import Link from 'next/link';

import { describeDeadline } from '@/lib/volumes/signing-deadline';

import { LocalTime } from '@/components/local-time';

import { requireSignedIn } from '@/lib/auth/current-user';
import { getPapersForAuthor } from '@/lib/papers/get-papers-for-author';

export const metadata: Metadata = { title: 'My papers' };

export default async function MyPapersPage() {
  const user = await requireSignedIn('/papers');
  const papers = await getPapersForAuthor(user);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">My papers</h1>
        <p className="text-slate-700">
          Accepted papers for which <strong className="break-all">{user.email}</strong> is the corresponding author.
        </p>
      </div>
      {papers.length === 0 ? (
        <div className="rounded-lg border border-slate-200 bg-white p-6">
          <p className="font-medium">No papers for this address.</p>
          <p className="text-slate-700">
            Only the corresponding author of a paper sees it here. If you expected a paper, ask the proceedings
            editors which address they have on record for it.
          </p>
        </div>
      ) : (
        <ul className="space-y-4" aria-label="Papers">
          {papers.map((paper) => (
            <li key={paper.id} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
              <article aria-labelledby={`paper-${paper.id}`}>
                <p className="text-sm text-slate-600">
                  PMLR volume {paper.volume.number} · {paper.volume.name}
                  {paper.status === 'withdrawn' ? ' · withdrawn' : ''}
                </p>
                <h2 id={`paper-${paper.id}`} className="mt-1 font-serif text-xl font-semibold leading-snug">
                  <Link href={`/papers/${paper.id}`} className="text-slate-900 hover:text-blue-800">
                    {paper.title}
                  </Link>
                </h2>
                <p className="mt-2 text-slate-700">
                  <span className="sr-only">Authors: </span>
                  {paper.authors.map((author, index) => (
                    <span key={index}>
                      {index > 0 ? ', ' : ''}
                      {author.isCorresponding ? <strong>{author.name}</strong> : author.name}
                    </span>
                  ))}
                </p>
                <div className="mt-3 flex flex-wrap items-center justify-between gap-3">
                  <div className="space-y-1">
                    <PaperStatusBadge signedAt={paper.signedAt} isWithdrawn={paper.status === 'withdrawn'} />
                    {!paper.signedAt && paper.status !== 'withdrawn' && paper.volume.signingDeadline ? (
                      <p className="text-sm text-slate-700">Please sign by {describeDeadline(paper.volume.signingDeadline, new Date())}</p>
                    ) : null}
                  </div>
                  <Link
                    href={`/papers/${paper.id}`}
                    aria-label={`${paper.signedAt ? 'View signed agreement' : 'Read and sign'}: ${paper.title}`}
                    className={
                      paper.signedAt || paper.status === 'withdrawn'
                        ? 'text-sm'
                        : 'rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white no-underline hover:bg-blue-800 hover:no-underline'
                    }
                  >
                    {paper.signedAt ? 'View signed agreement' : paper.status === 'withdrawn' ? 'View' : 'Read and sign'}
                  </Link>
                </div>
              </article>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function PaperStatusBadge({ signedAt, isWithdrawn }: { signedAt: Date | null; isWithdrawn: boolean }) {
  if (signedAt) {
    return (
      <p className="rounded-full bg-emerald-100 px-3 py-1 text-sm font-medium text-emerald-900">
        <span aria-hidden="true">✓ </span>Signed on <LocalTime iso={signedAt.toISOString()} />
      </p>
    );
  }
  if (isWithdrawn) {
    return <p className="rounded-full bg-slate-200 px-3 py-1 text-sm font-medium text-slate-800">Withdrawn</p>;
  }
  return <p className="rounded-full bg-amber-100 px-3 py-1 text-sm font-medium text-amber-900">Awaiting signature</p>;
}
