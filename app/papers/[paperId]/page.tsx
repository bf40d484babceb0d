import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';

import { AgreementDocument } from '@/components/agreement-document';
import { LocalTime } from '@/components/local-time';
import { PrintButton } from '@/components/print-button';
import { formatUtcDate, terminationDate } from '@/lib/agreements/format-time';
import { getPaperAgreement } from '@/lib/agreements/get-paper-agreement';
import { acknowledgementText } from '@/lib/agreements/render-agreement';
import { namesMatch } from '@/lib/agreements/typed-name';
import { requireSignedIn } from '@/lib/auth/current-user';

import { describeDeadline } from '@/lib/volumes/signing-deadline';

import { SignForm } from './sign-form';

export const metadata: Metadata = { title: 'Publication agreement' };

export default async function PaperPage(props: {
  params: Promise<{ paperId: string }>;
  searchParams: Promise<{ signed?: string }>;
}) {
  const { paperId } = await props.params;
  const { signed } = await props.searchParams;
  const user = await requireSignedIn(`/papers/${paperId}`);
  const agreement = await getPaperAgreement(user, paperId);
  if (!agreement) notFound();

  const { paper, template, text, textSha256, signature } = agreement;
  const coAuthors = paper.authors.filter((author) => !author.isCorresponding).map((author) => author.name);
  const authorsShown = signature ? signature.authorsAtSigning : paper.authors.map((author) => author.name);
  const termination = signature && template ? terminationDate(signature.signedAt, template.presentation.termination) : null;

  return (
    <div className="space-y-8">
      <p className="no-print text-sm">
        <Link href="/papers">← My papers</Link>
      </p>

      <header className="space-y-2">
        <p className="text-sm text-slate-600">{paper.proceedings}</p>
        <h1 className="font-serif text-2xl font-semibold leading-snug sm:text-3xl">
          {signature ? signature.titleAtSigning : paper.title}
        </h1>
        <p className="text-slate-800">
          <span className="sr-only">Authors, in order: </span>
          {authorsShown.join(', ')}
        </p>
        {paper.status === 'withdrawn' ? (
          <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">
            This paper has been withdrawn from the proceedings.
          </p>
        ) : null}
        {!signature && paper.status === 'accepted' && paper.volume.signingDeadline ? (
          <p className="no-print rounded-md border border-blue-200 bg-blue-50 p-3 text-blue-950">
            Please sign by <strong>{describeDeadline(paper.volume.signingDeadline, new Date())}</strong>: the editors need
            every agreement before the proceedings are published.
          </p>
        ) : null}
      </header>

      {signature ? (
        <section
          aria-labelledby="signed-heading"
          className="rounded-lg border border-emerald-300 bg-emerald-50 p-5 text-emerald-950"
        >
          <div className="flex flex-wrap items-start justify-between gap-3">
            <h2 id="signed-heading" className="text-xl font-semibold">
              {signed ? 'Thank you: the agreement is signed' : 'Signed'}
            </h2>
            <div className="no-print flex flex-wrap gap-2">
              <a
                href={`/papers/${paper.id}/signed-agreement.pdf`}
                className="rounded-md bg-emerald-700 px-3 py-1.5 text-sm font-medium text-white no-underline hover:bg-emerald-800 hover:no-underline"
              >
                Download signed PDF
              </a>
              <PrintButton />
            </div>
          </div>
          {signed ? (
            <p className="mt-1">
              A receipt with these details has been emailed to <strong>{signature.signerEmail}</strong>.
            </p>
          ) : null}
          <dl className="mt-4 grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
            <dt className="font-medium">Signed by</dt>
            <dd>
              {signature.typedName} ({signature.signerEmail})
            </dd>
            <dt className="font-medium">Signed on</dt>
            <dd>
              <LocalTime iso={signature.signedAt.toISOString()} />
            </dd>
            <dt className="font-medium">Agreement</dt>
            <dd>
              {template?.title}, version {signature.templateVersion}
            </dd>
            <dt className="font-medium">SHA-256 of the text</dt>
            <dd className="break-all font-mono text-sm">{signature.textSha256}</dd>
            <dt className="font-medium">Signature id</dt>
            <dd className="break-all font-mono text-sm">{signature.id}</dd>
            {paper.publishedOn && paper.publicationUrl ? (
              <>
                <dt className="font-medium">Published</dt>
                <dd>
                  {formatUtcDate(new Date(`${paper.publishedOn}T00:00:00Z`))} at{' '}
                  <a href={paper.publicationUrl} className="break-all">
                    {paper.publicationUrl}
                  </a>
                </dd>
              </>
            ) : termination ? (
              <>
                <dt className="font-medium">Terminates if unpublished by</dt>
                <dd>
                  {formatUtcDate(termination.date)} (clause {termination.clause})
                </dd>
              </>
            ) : null}
          </dl>
          {!namesMatch(signature.typedName, signature.nameOnRecord) ? (
            <p className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950">
              The name you typed, <strong>{signature.typedName}</strong>, differs from the name on record for this
              paper, <strong>{signature.nameOnRecord}</strong>. Both are kept with the signature.
            </p>
          ) : null}
          {agreement.isSignedTextIntact === false ? (
            <p role="alert" className="mt-4 rounded-md border border-red-400 bg-red-50 p-3 text-red-900">
              Warning: the text below no longer matches the SHA-256 recorded at signing ({textSha256}). Please
              contact the proceedings editors.
            </p>
          ) : null}
        </section>
      ) : null}

      {!template || text === null ? (
        <section
          aria-labelledby="not-open-heading"
          className="rounded-lg border border-slate-300 bg-white p-5 text-slate-900"
        >
          <h2 id="not-open-heading" className="text-xl font-semibold">
            Not open for signing yet
          </h2>
          <p className="mt-1 text-slate-700">
            The editors of {paper.volume.name} have not yet chosen the agreement for this volume. You will be able to
            read and sign it here as soon as they do; there is nothing you need to do now.
          </p>
        </section>
      ) : (
      <article aria-labelledby="agreement-heading" className="rounded-lg border border-slate-200 bg-white p-5 sm:p-8">
        <div className="mb-6 flex flex-wrap items-baseline justify-between gap-3">
          <h2 id="agreement-heading" className="text-xl font-semibold">
            {signature ? 'The agreement as you signed it' : 'Read the agreement'}
          </h2>
          <p className="text-sm text-slate-600">Version {template.version}</p>
        </div>
        <AgreementDocument text={text} presentation={template.presentation} />
      </article>
      )}

      {template && !signature && paper.status === 'accepted' ? (
        <section aria-labelledby="sign-heading" className="no-print space-y-4">
          <h2 id="sign-heading" className="text-2xl font-semibold">
            Sign the agreement
          </h2>
          <p className="text-slate-700">
            Tick each item to confirm it, then type your name. Signing records the time, this agreement&apos;s
            version and a fingerprint (SHA-256) of exactly the text above.
          </p>
          <SignForm
            paperId={paper.id}
            nameOnRecord={paper.correspondingAuthorName}
            items={template.acknowledgements.map((acknowledgement) => ({
              id: acknowledgement.id,
              clause: acknowledgement.clause,
              text: acknowledgementText(acknowledgement, coAuthors),
            }))}
          />
        </section>
      ) : null}
    </div>
  );
}
