import type { Metadata } from 'next';
import Link from 'next/link';

import { PaperSearchForm } from '@/components/paper-search-form';
import { PaperStatusBadge } from '@/components/paper-status-badge';
import { requireEditorPage } from '@/lib/auth/current-user';
import { PAPER_SEARCH_LIMIT, PAPER_SEARCH_MIN_LENGTH, searchPapers, searchTermSchema } from '@/lib/editor/paper-search';
import { countOf } from '@/lib/format/plural';

export const metadata: Metadata = { title: 'Find a paper' };

export default async function PaperSearchPage(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await props.searchParams;
  const raw = Array.isArray(params.q) ? params.q[0] : params.q;
  const term = searchTermSchema.parse(raw ?? '');
  const user = await requireEditorPage(term ? `/editor/search?q=${encodeURIComponent(term)}` : '/editor/search');
  const { hits, more, tooShort } = await searchPapers(user, term);

  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href="/editor">← All volumes</Link>
      </p>
      <div>
        <h1 className="text-2xl font-semibold">Find a paper</h1>
        <p className="text-slate-700">
          {user.isAdmin ? 'Every volume' : 'Every volume you edit'}: part of a title, any author’s name, or the
          corresponding author’s email.
        </p>
      </div>
      <PaperSearchForm term={term} />
      {!term ? null : tooShort ? (
        <p className="rounded-md border border-amber-200 bg-amber-50 p-3 text-amber-950" role="status">
          Type at least {PAPER_SEARCH_MIN_LENGTH} characters to search every volume. A volume’s own page searches for
          shorter terms.
        </p>
      ) : hits.length === 0 ? (
        <div className="rounded-lg border border-slate-200 bg-white p-6" role="status">
          <p className="font-medium">No paper matches “{term}”.</p>
          <p className="text-slate-700">Check the spelling, or search for a shorter part of the title or a name.</p>
        </div>
      ) : (
        <>
          <p role="status" className="text-slate-700">
            {more
              ? `The first ${PAPER_SEARCH_LIMIT} papers matching “${term}”, newest volume first. More match: add a word to narrow the search.`
              : `${countOf(hits.length, 'paper')} ${hits.length === 1 ? 'matches' : 'match'} “${term}”, newest volume first.`}
          </p>
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Papers matching “{term}”</caption>
              <thead className="bg-slate-100 text-slate-700">
                <tr>
                  <th scope="col" className="whitespace-nowrap px-3 py-2">Volume</th>
                  <th scope="col" className="whitespace-nowrap px-3 py-2">Paper key</th>
                  <th scope="col" className="px-3 py-2">Title</th>
                  <th scope="col" className="px-3 py-2">Corresponding author</th>
                  <th scope="col" className="px-3 py-2">Status</th>
                </tr>
              </thead>
              <tbody>
                {hits.map((hit) => (
                  <tr key={hit.id} className="border-t border-slate-200 align-top">
                    <td className="whitespace-nowrap px-3 py-2">
                      <Link href={`/editor/volumes/${hit.volumeNumber}`}>
                        {hit.volumeNumber}
                        <span className="sr-only"> · {hit.volumeName}</span>
                      </Link>
                    </td>
                    <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">{hit.paperKey}</td>
                    <td className="min-w-64 px-3 py-2">
                      <Link href={`/editor/papers/${hit.id}`}>{hit.title}</Link>
                    </td>
                    <td className="px-3 py-2">
                      {hit.correspondingAuthorName}
                      <span className="block text-slate-600">{hit.correspondingAuthorEmail}</span>
                    </td>
                    <td className="whitespace-nowrap px-3 py-2">
                      <PaperStatusBadge status={hit.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
