import type { Metadata } from 'next';
import Link from 'next/link';

import { LocalTime } from '@/components/local-time';
import { formatUtc, formatUtcDate } from '@/lib/agreements/format-time';
import { orNotFound, requireSignedIn } from '@/lib/auth/current-user';
import { getPaperEvidence } from '@/lib/editor/get-paper-evidence';

import { EmailLogTable } from '@/components/email-log-table';
import { listPaperEmails } from '@/lib/mail/email-log';

import { RemindForm, RetryForm } from '../../volumes/[volume]/collect-forms';
import { PaperPublicationForm } from './publication-form';
import { VoidForm } from './void-form';

export const metadata: Metadata = { title: 'Paper evidence' };

export default async function PaperEvidencePage(props: { params: Promise<{ paperId: string }> }) {
  const { paperId } = await props.params;
  const user = await requireSignedIn(`/editor/papers/${paperId}`);
  const evidence = await orNotFound(getPaperEvidence(user, paperId));
  const { paper, authors, signatures, auditEvents, termination } = evidence;
  const ownPublication = paper.publishedOn && paper.publishedUrl ? { publishedOn: paper.publishedOn, url: paper.publishedUrl } : null;
  const volumePublication =
    paper.volume.publishedOn && paper.volume.proceedingsUrl ? { publishedOn: paper.volume.publishedOn, url: paper.volume.proceedingsUrl } : null;
  const publication = ownPublication ?? volumePublication;
  const emails = await listPaperEmails(user, paperId);
  const awaiting = paper.status === 'accepted' && !signatures.some((signature) => signature.voidedAt === null);

  return (
    <div className="space-y-8">
      <p className="text-sm">
        <Link href={`/editor/volumes/${paper.volume.number}`}>
          ← Volume {paper.volume.number} · {paper.volume.name}
        </Link>
      </p>
      <header className="space-y-2">
        <p className="font-mono text-sm text-slate-600">{paper.paperKey}</p>
        <h1 className="font-serif text-2xl font-semibold leading-snug">{paper.title}</h1>
        <p>{authors.map((author) => author.name).join(', ')}</p>
        <p className="text-sm text-slate-700">
          Corresponding author: {paper.correspondingAuthorName} ({paper.correspondingAuthorEmail}) · Paper status:{' '}
          {paper.status}
        </p>
      </header>

      <section aria-labelledby="publication-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="publication-heading" className="text-xl font-semibold">
          Publication
        </h2>
        <p className="text-slate-700">
          {publication ? (
            <>
              Published on <strong>{formatUtcDate(new Date(`${publication.publishedOn}T00:00:00Z`))}</strong> at{' '}
              <a href={publication.url}>{publication.url}</a>
              {ownPublication ? ' (this paper’s own date).' : ' (the volume’s date).'}
            </>
          ) : termination ? (
            <>
              Not recorded as published. Under clause {termination.clause} the signed agreement ends unless the paper is
              published by <strong>{formatUtc(termination.date)}</strong>.
            </>
          ) : (
            <>Not recorded as published.</>
          )}
        </p>
        <PaperPublicationForm paperId={paper.id} publishedOn={paper.publishedOn} publishedUrl={paper.publishedUrl} hasVolumeDate={volumePublication !== null} />
      </section>

      <section aria-labelledby="signatures-heading" className="space-y-4">
        <h2 id="signatures-heading" className="text-xl font-semibold">
          Signature record
        </h2>
        {signatures.length === 0 ? (
          <p className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-950">
            Not signed yet: awaiting the corresponding author.
          </p>
        ) : (
          signatures.map((signature) => (
            <article
              key={signature.id}
              aria-label={`Signature ${signature.id}`}
              className={`rounded-lg border bg-white p-5 ${signature.voidedAt ? 'border-slate-300 opacity-80' : 'border-emerald-300'}`}
            >
              <p className="mb-3 font-medium">
                {signature.voidedAt ? (
                  <>Voided on {formatUtc(signature.voidedAt)}: {signature.voidReason}</>
                ) : (
                  <span className="text-emerald-800">Active signature</span>
                )}
              </p>
              <dl className="grid gap-x-6 gap-y-1.5 text-sm sm:grid-cols-[max-content_1fr]">
                <Fact label="Signature id" mono>{signature.id}</Fact>
                <Fact label="Signed at (database time)">
                  {formatUtc(signature.signedAt)} · {signature.signedAt.toISOString()} · local:{' '}
                  <LocalTime iso={signature.signedAt.toISOString()} />
                </Fact>
                <Fact label="Typed name">{signature.typedName}</Fact>
                <Fact label="Name on record">{signature.nameOnRecord}</Fact>
                <Fact label="Signer email">{signature.signerEmail}</Fact>
                <Fact label="Signed in by">{signature.authMethod}</Fact>
                <Fact label="Signer user id" mono>{signature.userId}</Fact>
                <Fact label="Session (SHA-256)" mono>{signature.sessionIdHash ?? '—'}</Fact>
                <Fact label="IP address">{signature.ipAddress ?? '—'}</Fact>
                {signature.forwardedForClaimed ? (
                  <Fact label="X-Forwarded-For (claimed, not verified)">{signature.forwardedForClaimed}</Fact>
                ) : null}
                <Fact label="User agent">{signature.userAgent ?? '—'}</Fact>
                <Fact label="Agreement version">{signature.templateVersion}</Fact>
                <Fact label="Text SHA-256" mono>{signature.textSha256}</Fact>
                <Fact label="Title at signing">{signature.titleAtSigning}</Fact>
                <Fact label="Authors at signing">{signature.authorsAtSigning.join('; ')}</Fact>
                <Fact label="Proceedings at signing">{signature.proceedingsAtSigning}</Fact>
                <Fact label="Terms agreed">{signature.agreedClauseIds.join(', ')}</Fact>
                <Fact label="Seal key id" mono>{signature.sealKeyId ?? '—'}</Fact>
                <Fact label="Seal (Ed25519)" mono>{signature.seal ?? '—'}</Fact>
                <Fact label="PDF SHA-256" mono>{signature.pdfSha256 ?? '—'}</Fact>
                {signature.replacesVoidId ? <Fact label="Follows void" mono>{signature.replacesVoidId}</Fact> : null}
              </dl>
              <p className="mt-4 flex flex-wrap gap-x-6 gap-y-1">
                <a href={`/editor/papers/${paper.id}/agreement.txt?signature=${signature.id}`}>
                  The exact text signed (plain text)
                </a>
                {!signature.voidedAt && signature.pdfSha256 ? (
                  <a href={`/editor/papers/${paper.id}/signed-agreement.pdf`}>Signed agreement PDF</a>
                ) : null}
              </p>
              <VoidForm paperId={paper.id} signatureId={signature.id} isVoided={Boolean(signature.voidedAt)} />
            </article>
          ))
        )}
      </section>

      <section aria-labelledby="emails-heading" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="emails-heading" className="text-xl font-semibold">
            Emails about this paper
          </h2>
          {awaiting ? <RemindForm volumeNumber={paper.volume.number} paperId={paper.id} label="Remind the author now" /> : null}
        </div>
        {emails.length === 0 ? (
          <p className="text-slate-700">None yet. Invite the volume’s authors from the volume page.</p>
        ) : (
          <EmailLogTable
            rows={emails}
            caption="Emails about this paper, newest first"
            retry={(row) =>
              row.state === 'failed' || row.state === 'retrying' ? (
                <RetryForm volumeNumber={paper.volume.number} email={{ id: row.id, kind: row.kind, recipient: row.recipient }} label="Retry now" />
              ) : null
            }
          />
        )}
      </section>

      <section aria-labelledby="audit-heading" className="space-y-3">
        <h2 id="audit-heading" className="text-xl font-semibold">
          Audit trail
        </h2>
        {auditEvents.length === 0 ? (
          <p className="text-slate-700">No events recorded for this paper yet.</p>
        ) : (
          <ol className="space-y-2" aria-label="Audit events, oldest first">
            {auditEvents.map((event) => (
              <li key={event.id} className="rounded-md border border-slate-200 bg-white p-3 text-sm">
                <p>
                  <span className="font-mono text-xs text-slate-600">#{event.id}</span>{' '}
                  <strong>{event.action}</strong> · {formatUtc(event.occurredAt)} · {event.actorEmail ?? 'system'}
                </p>
                <p className="text-slate-700">
                  IP {event.ipAddress ?? '—'} · {event.userAgent ?? '—'}
                </p>
                {Object.keys(event.details).length > 0 ? (
                  <pre className="mt-1 overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 text-xs">
                    {JSON.stringify(event.details, null, 2)}
                  </pre>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

function Fact({ label, children, mono = false }: { label: string; children: React.ReactNode; mono?: boolean }) {
  return (
    <>
      <dt className="font-medium text-slate-700">{label}</dt>
      <dd className={mono ? 'break-all font-mono text-xs leading-5' : 'break-words'}>{children}</dd>
    </>
  );
}
