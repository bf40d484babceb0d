import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { listDevMail } from '@/lib/mail/dev-mailbox';

export const metadata: Metadata = { title: 'Development mailbox' };
export const dynamic = 'force-dynamic';

/** Local development only: next build inlines NODE_ENV, so production builds answer 404. */
export default function DevMailboxPage() {
  if (process.env.NODE_ENV === 'production') notFound();
  const messages = listDevMail();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Development mailbox</h1>
        <p className="text-slate-700">
          EMAIL_SERVER is not set, so mail is kept here (and printed on the server console) instead of being sent.
          Newest first.
        </p>
      </div>
      {messages.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-6">No mail yet.</p>
      ) : (
        <ul className="space-y-4">
          {messages.map((message) => (
            <li key={message.id} className="rounded-lg border border-slate-200 bg-white p-5">
              <p className="text-sm text-slate-600">
                To <strong>{message.to}</strong> · {message.sentAt}
              </p>
              <h2 className="font-semibold">{message.subject}</h2>
              <pre className="mt-2 whitespace-pre-wrap break-all font-sans text-sm">
                {linkify(message.text)}
              </pre>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function linkify(text: string) {
  return text.split(/(https?:\/\/\S+)/g).map((part, index) =>
    /^https?:\/\//.test(part) ? (
      <a key={index} href={part}>
        {part}
      </a>
    ) : (
      part
    ),
  );
}
