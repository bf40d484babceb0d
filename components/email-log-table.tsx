import Link from 'next/link';

import { LocalTime } from '@/components/local-time';
import type { EmailLogRow } from '@/lib/mail/email-log';

import { EmailStateBadge, emailKindLabel } from './email-state-badge';

/** Emails with their delivery: what, to whom, about which papers, and how it went. */
export function EmailLogTable({
  rows,
  caption,
  retry,
}: {
  rows: EmailLogRow[];
  caption: string;
  retry?: (row: EmailLogRow) => React.ReactNode;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100 text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-2">
              Email
            </th>
            <th scope="col" className="px-3 py-2">
              To
            </th>
            <th scope="col" className="px-3 py-2">
              Papers
            </th>
            <th scope="col" className="px-3 py-2">
              Queued
            </th>
            <th scope="col" className="px-3 py-2">
              Delivery
            </th>
            <th scope="col" className="px-3 py-2">
              Details
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className="border-t border-slate-200 align-top">
              <td className="whitespace-nowrap px-3 py-2">{emailKindLabel[row.kind]}</td>
              <td className="min-w-56 px-3 py-2 [overflow-wrap:anywhere]">{row.recipient}</td>
              <td className="min-w-56 px-3 py-2">
                {row.papers.length === 0 ? (
                  <span className="text-slate-500">—</span>
                ) : (
                  <ul className="space-y-0.5">
                    {row.papers.map((paper) => (
                      <li key={paper.id}>
                        <Link href={`/editor/papers/${paper.id}`}>{paper.title}</Link>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td className="whitespace-nowrap px-3 py-2">
                <LocalTime iso={row.createdAt.toISOString()} />
              </td>
              <td className="whitespace-nowrap px-3 py-2">
                <EmailStateBadge state={row.state} />
                {row.sentAt ? (
                  <span className="block text-xs text-slate-600">
                    <LocalTime iso={row.sentAt.toISOString()} />
                  </span>
                ) : null}
              </td>
              <td className="max-w-sm px-3 py-2">
                {row.attempts > 1 || row.state === 'retrying' || row.state === 'failed' ? (
                  <p className="text-xs text-slate-700">
                    {row.attempts} {row.attempts === 1 ? 'attempt' : 'attempts'}
                    {row.state === 'retrying' && row.nextAttemptAt ? (
                      <>
                        ; next <LocalTime iso={row.nextAttemptAt.toISOString()} />
                      </>
                    ) : null}
                  </p>
                ) : null}
                {row.lastError ? <p className="break-words font-mono text-xs text-red-800">{row.lastError}</p> : null}
                {retry ? retry(row) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
