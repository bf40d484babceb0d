import Link from 'next/link';

import { formatUtcDate } from '@/lib/agreements/format-time';
import { countOf } from '@/lib/format/plural';
import type { LapseRow } from '@/lib/publication/clause7';
import { daysUntil } from '@/lib/publication/lapse';

/** "lapses 3 March 2027 (in 12 days)" or "lapsed 3 March 2027 (12 days ago)". */
export function describeLapse(row: Pick<LapseRow, 'lapsesAt' | 'status'>, now: Date): string {
  if (row.status === 'lapsed') {
    const daysAgo = daysUntil(now, row.lapsesAt);
    return `Lapsed ${formatUtcDate(row.lapsesAt)} (${daysAgo === 0 ? 'today' : `${countOf(daysAgo, 'day')} ago`})`;
  }
  const days = daysUntil(row.lapsesAt, now);
  return `Lapses ${formatUtcDate(row.lapsesAt)} (${days === 0 ? 'today' : `in ${countOf(days, 'day')}`})`;
}

/**
 * Signed papers whose agreement is at risk under clause 7 or has lapsed. `action` renders a cell
 * of actions per row (the volume page offers "Request a new signature" for lapsed ones).
 */
export function LapseTable({
  rows,
  now,
  caption,
  showVolume = false,
  action,
}: {
  rows: LapseRow[];
  now: Date;
  caption: string;
  showVolume?: boolean;
  action?: (row: LapseRow) => React.ReactNode;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100 text-slate-700">
          <tr>
            {showVolume ? <th scope="col" className="px-4 py-2">Volume</th> : null}
            <th scope="col" className="px-4 py-2">Paper</th>
            <th scope="col" className="px-4 py-2">Signed</th>
            <th scope="col" className="px-4 py-2">Clause 7</th>
            {action ? <th scope="col" className="px-4 py-2"><span className="sr-only">Actions</span></th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.paperId} className="border-t border-slate-200 align-top">
              {showVolume ? (
                <td className="px-4 py-3">
                  <Link href={`/editor/volumes/${row.volumeNumber}#clause-7`}>{row.volumeNumber}</Link>
                </td>
              ) : null}
              <th scope="row" className="px-4 py-3 font-normal">
                <Link href={`/editor/papers/${row.paperId}`} className="font-medium">
                  {row.title}
                </Link>
                <div className="text-slate-600">
                  {row.paperKey} · {row.correspondingAuthorName}
                </div>
              </th>
              <td className="px-4 py-3 whitespace-nowrap">{formatUtcDate(row.signedAt)}</td>
              <td className="px-4 py-3">
                <span
                  className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${
                    row.status === 'lapsed' ? 'bg-red-100 text-red-900' : 'bg-amber-100 text-amber-950'
                  }`}
                >
                  {row.status === 'lapsed' ? 'Lapsed' : 'At risk'}
                </span>{' '}
                {describeLapse(row, now)}
              </td>
              {action ? <td className="px-4 py-3">{action(row)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
