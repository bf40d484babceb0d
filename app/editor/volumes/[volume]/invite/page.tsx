import type { Metadata } from 'next';
import Link from 'next/link';

import { getDb } from '@/db/client';
import { orNotFound, requireSignedIn } from '@/lib/auth/current-user';
import { requireVolumeEditor } from '@/lib/auth/authorization';
import { countOf } from '@/lib/format/plural';
import { planInvitations, type InvitationScope } from '@/lib/invitations/invite-authors';
import { renderInvitation } from '@/lib/mail/compose-email';
import { describeDeadline } from '@/lib/volumes/signing-deadline';
import { publicBaseUrl } from '@/lib/env';

import { InviteForm } from '../collect-forms';

export const metadata: Metadata = { title: 'Invite authors' };

/**
 * Before any email goes out: how many papers and people, and the email itself as the author
 * with the most papers would get it. Confirming queues them.
 */
export default async function InviteAuthorsPage(props: {
  params: Promise<{ volume: string }>;
  searchParams: Promise<{ scope?: string }>;
}) {
  const { volume: volumeParam } = await props.params;
  const user = await requireSignedIn(`/editor/volumes/${volumeParam}/invite`);
  const volume = await orNotFound(requireVolumeEditor(user, Number(volumeParam)));
  const scope: InvitationScope = (await props.searchParams).scope === 'all-awaiting' ? 'all-awaiting' : 'not-invited';
  const plan = await planInvitations(await getDb(), volume.id, scope);
  const example = [...plan.recipients].sort((a, b) => b.papers.length - a.papers.length)[0];
  const preview = example
    ? await renderInvitation({
        kind: 'invitation',
        recipientName: example.name,
        volumeName: volume.name,
        volumeNumber: volume.number,
        deadline: volume.signingDeadline,
        papers: example.papers,
        url: `${publicBaseUrl()}/sign-in/continue?…`,
        linkValidUntil: volume.signingDeadline ? 'at the end of the deadline day' : 'in 14 days',
      })
    : null;
  const back = `/editor/volumes/${volume.number}`;
  const blocked = !volume.signingDeadline
    ? 'Set a signing deadline on the volume page first: every invitation tells authors the date.'
    : !volume.agreementVersion
      ? 'Choose the agreement version on the volume page first: authors could not sign yet.'
      : null;

  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <p className="text-sm">
        <Link href={back}>← Volume {volume.number}</Link>
      </p>
      <h1 className="text-2xl font-semibold">Invite the authors of {volume.name}</h1>

      <dl className="grid gap-3 sm:grid-cols-3">
        <Fact label="Papers awaiting a signature" value={plan.awaiting} />
        <Fact label="Of those, never invited" value={plan.notInvited} />
        <Fact label="Emails to send now" value={plan.recipients.length} />
      </dl>

      <nav aria-label="Whom to invite" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {scope === 'not-invited' ? (
          <>
            <span className="font-medium">Only papers never invited</span>
            <Link href="?scope=all-awaiting">Include papers already invited ({countOf(plan.awaiting, 'paper')})</Link>
          </>
        ) : (
          <>
            <Link href="?scope=not-invited">Only papers never invited ({countOf(plan.notInvited, 'paper')})</Link>
            <span className="font-medium">Every paper awaiting a signature</span>
          </>
        )}
      </nav>

      {blocked ? (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950">
          {blocked} <Link href={back}>Go to the volume page</Link>.
        </p>
      ) : plan.recipients.length === 0 ? (
        <p role="status" className="rounded-md border border-slate-200 bg-white p-4">
          Nobody to invite:{' '}
          {scope === 'not-invited'
            ? 'every paper awaiting a signature has been invited.'
            : 'no paper awaits a signature.'}
        </p>
      ) : (
        <section
          aria-labelledby="confirm-heading"
          className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
        >
          <h2 id="confirm-heading" className="font-semibold">
            Send {countOf(plan.recipients.length, 'email')} about {countOf(plan.papers, 'paper')}
          </h2>
          <p className="text-slate-700">
            One email per corresponding author, listing each of their papers
            {volume.signingDeadline
              ? `, with the deadline ${describeDeadline(volume.signingDeadline, new Date())}`
              : ''}
            . Emails go out through the queue; their delivery shows on the volume’s email log.
          </p>
          <InviteForm
            volumeNumber={volume.number}
            scope={scope}
            label={`Send ${countOf(plan.recipients.length, 'invitation')}`}
          />
        </section>
      )}

      {preview && example ? (
        <section aria-labelledby="preview-heading" className="space-y-3">
          <h2 id="preview-heading" className="font-semibold">
            The email, as {example.email} will get it
          </h2>
          <p className="text-sm text-slate-700">
            <span className="font-medium">Subject:</span> {preview.subject}
          </p>
          <iframe
            title={`Invitation email to ${example.email}`}
            // An opaque origin (no allow-same-origin) that may run no script at all (its CSP):
            // the email as a mail client shows it, unable to reach this page.
            srcDoc={(preview.html ?? '').replace(
              /<head[^>]*>/,
              (head) => `${head}<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
            )}
            sandbox="allow-scripts"
            className="h-[36rem] w-full rounded-lg border border-slate-300 bg-white"
          />
          <details className="rounded-lg border border-slate-200 bg-white p-4">
            <summary className="cursor-pointer font-medium">Plain-text version</summary>
            <pre className="mt-3 whitespace-pre-wrap break-words font-mono text-sm">{preview.text}</pre>
          </details>
          <p className="text-sm text-slate-600">
            Each email carries a personal link made when it is sent: it signs in only its recipient, once, until the
            deadline.
          </p>
        </section>
      ) : null}
    </div>
  );
}

function Fact({ label, value }: { label: string; value: number }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="text-2xl font-semibold">{value.toLocaleString('en')}</dd>
    </div>
  );
}
