import type { Metadata } from 'next';

import { requireUser } from '@/lib/auth/current-user';
import { getPapersForAuthor } from '@/lib/papers/get-papers-for-author';

export const metadata: Metadata = { title: 'My papers' };

export default async function MyPapersPage() {
  const user = await requireUser('/papers');
  const papers = await getPapersForAuthor(user.email);

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
                  {paper.title}
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
              </article>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
