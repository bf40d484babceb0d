import 'server-only';

import { addDays, max, min } from 'date-fns';
import { and, asc, eq } from 'drizzle-orm';
import { createElement } from 'react';

import type { DbOrTx } from '@/db/client';
import {
  agreementTemplates,
  emailPapers,
  papers,
  signatureDocuments,
  signatures,
  volumes,
  type AgreementPresentation,
  type Email,
  type Signature,
} from '@/db/schema';
import { EditorNoticeEmail } from '@/emails/editor-notice-email';
import { InvitationEmail } from '@/emails/invitation-email';
import { ReceiptEmail } from '@/emails/receipt-email';
import { formatUtc, formatUtcDate, terminationDate } from '@/lib/agreements/format-time';
import { namesMatch } from '@/lib/agreements/typed-name';
import { createInvitationSignInLink } from '@/lib/auth/sign-in-links';
import { checkpointFile, checkpointFilename, findCheckpoint } from '@/lib/evidence/checkpoint';
import { awaitsSignatureSql } from '@/lib/invitations/paper-contact';
import { getEnv, publicBaseUrl } from '@/lib/env';
import { countOf } from '@/lib/format/plural';
import { composeLapseDigest } from '@/lib/publication/lapse-digest';
import { deadlineEnd, formatDeadline } from '@/lib/volumes/signing-deadline';

import { renderEmail } from './render-email';
import type { OutgoingMail } from './send-mail';

/** How long an invitation's link works when the volume's deadline is near, past or unset. */
const LINK_MIN_DAYS = 3;
const LINK_MAX_DAYS = 60;

export type ComposedEmail = Omit<OutgoingMail, 'to'>;

/**
 * The message as it should go out now, or null when there is nothing left to say (every paper
 * of an invitation or reminder has been signed or withdrawn since it was queued). Rendered at
 * sending time, so a reminder never asks for a paper signed a minute earlier.
 */
export async function composeEmail(db: DbOrTx, email: Email, now: Date): Promise<ComposedEmail | null> {
  switch (email.kind) {
    case 'invitation':
    case 'reminder':
      return composeInvitation(db, email, now);
    case 'receipt':
      return composeReceipt(db, email);
    case 'editor_notice':
      return composeEditorNotice(email);
    case 'evidence_checkpoint':
      return composeCheckpoint(db, email);
    case 'lapse_digest':
      return composeLapseDigest(db, email, now);
  }
}

async function composeInvitation(db: DbOrTx, email: Email, now: Date): Promise<ComposedEmail | null> {
  const awaiting = await db
    .select({
      id: papers.id,
      key: papers.paperKey,
      title: papers.title,
      name: papers.correspondingAuthorName,
      volumeName: volumes.name,
      volumeNumber: volumes.number,
      deadline: volumes.signingDeadline,
    })
    .from(emailPapers)
    .innerJoin(papers, eq(papers.id, emailPapers.paperId))
    .innerJoin(volumes, eq(volumes.id, papers.volumeId))
    .where(
      and(
        eq(emailPapers.emailId, email.id),
        awaitsSignatureSql,
        // Still the paper's corresponding author: an import may have changed it since.
        eq(papers.correspondingAuthorEmail, email.recipient),
      ),
    )
    .orderBy(asc(papers.title));
  const first = awaiting[0];
  if (!first) return null;

  // A deadline already past (a new signature asked for after clause 7 ended an agreement, say) is
  // neither shown nor used for the link's life.
  const deadline = first.deadline && deadlineEnd(first.deadline) > now ? first.deadline : null;
  const expires = min([
    addDays(now, LINK_MAX_DAYS),
    max([deadline ? deadlineEnd(deadline) : addDays(now, 14), addDays(now, LINK_MIN_DAYS)]),
  ]);
  const callbackPath = awaiting.length === 1 ? `/papers/${first.id}` : '/';
  const url = await createInvitationSignInLink(db, {
    emailId: email.id,
    recipient: email.recipient,
    callbackPath,
    expires,
  });

  return renderInvitation({
    kind: email.kind === 'reminder' ? 'reminder' : 'invitation',
    recipientName: first.name,
    volumeName: first.volumeName,
    volumeNumber: first.volumeNumber,
    deadline,
    papers: awaiting,
    url,
    linkValidUntil: `on ${formatUtc(expires)}`,
  });
}

/** An invitation or reminder, subject and body: what is sent, and what editors preview. */
export async function renderInvitation(input: {
  kind: 'invitation' | 'reminder';
  recipientName: string;
  volumeName: string;
  volumeNumber: number;
  deadline: string | null;
  papers: { key: string; title: string }[];
  url: string;
  linkValidUntil: string;
}): Promise<ComposedEmail> {
  const publisher = getEnv().PUBLISHER_NAME;
  const deadline = input.deadline ? formatDeadline(input.deadline) : null;
  const about =
    input.papers.length === 1
      ? `“${truncate(input.papers[0]!.title, 70)}”`
      : `your ${input.papers.length} papers in ${input.volumeName}`;
  const subject =
    input.kind === 'invitation'
      ? `Please sign the publication agreement for ${about}`
      : `Reminder: please sign the publication agreement for ${about}${deadline ? ` by ${deadline}` : ''}`;
  const rendered = await renderEmail(
    createElement(InvitationEmail, {
      publisher,
      kind: input.kind,
      recipientName: input.recipientName || null,
      proceedings: `${input.volumeName} (${publisher} volume ${input.volumeNumber})`,
      papers: input.papers.map((paper) => ({ key: paper.key, title: paper.title })),
      deadline,
      url: input.url,
      linkValidUntil: input.linkValidUntil,
      portalUrl: publicBaseUrl(),
    }),
  );
  return { subject, ...rendered };
}

async function composeReceipt(db: DbOrTx, email: Email): Promise<ComposedEmail | null> {
  const signatureId = String(email.payload.signatureId ?? '');
  const [row] = await db
    .select({ signature: signatures, pdf: signatureDocuments.pdf, presentation: agreementTemplates.presentation })
    .from(signatures)
    .innerJoin(signatureDocuments, eq(signatureDocuments.signatureId, signatures.id))
    .innerJoin(agreementTemplates, eq(agreementTemplates.version, signatures.templateVersion))
    .where(eq(signatures.id, signatureId));
  if (!row) throw new Error(`signature ${signatureId} of receipt ${email.id} was not found`);
  const { signature } = row;
  const publisher = getEnv().PUBLISHER_NAME;
  const rendered = await renderEmail(
    createElement(ReceiptEmail, {
      publisher,
      title: signature.titleAtSigning,
      facts: receiptFacts(signature),
      notes: receiptNotes(signature, row.presentation),
      paperUrl: `${publicBaseUrl()}/papers/${signature.paperId}`,
    }),
  );
  return {
    subject: `Signed: publication agreement for “${truncate(signature.titleAtSigning, 80)}”`,
    ...rendered,
    attachments: [
      {
        filename: `signed-agreement-${signature.id.slice(0, 8)}.pdf`,
        content: Buffer.from(row.pdf),
        contentType: 'application/pdf',
      },
    ],
  };
}

function receiptFacts(signature: Signature): { label: string; value: string }[] {
  return [
    { label: 'Proceedings', value: signature.proceedingsAtSigning },
    { label: 'Signed by', value: `${signature.typedName} <${signature.signerEmail}>` },
    { label: 'Signed at', value: `${formatUtc(signature.signedAt)} (${signature.signedAt.toISOString()})` },
    { label: 'Agreement version', value: String(signature.templateVersion) },
    { label: 'Text SHA-256', value: signature.textSha256 },
    { label: 'PDF SHA-256', value: signature.pdfSha256 ?? '' },
    { label: 'Signature id', value: signature.id },
  ];
}

function receiptNotes(signature: Signature, presentation: AgreementPresentation): string[] {
  const notes: string[] = [];
  if (!namesMatch(signature.typedName, signature.nameOnRecord)) {
    notes.push(`The name you typed differs from the name on record (${signature.nameOnRecord}); both are kept.`);
  }
  const termination = terminationDate(signature.signedAt, presentation.termination);
  if (termination) {
    notes.push(
      `The agreement terminates if the article is not published by ${formatUtcDate(termination.date)} (clause ${termination.clause}).`,
    );
  }
  return notes;
}

export type EditorNotice = { notice: 'volume-fully-signed'; volumeNumber: number; volumeName: string; papers: number };

async function composeEditorNotice(email: Email): Promise<ComposedEmail> {
  const notice = email.payload as EditorNotice;
  const publisher = getEnv().PUBLISHER_NAME;
  const title = `Every paper of ${notice.volumeName} is signed`;
  const rendered = await renderEmail(
    createElement(EditorNoticeEmail, {
      publisher,
      title,
      lines: [
        `All ${notice.papers} accepted papers of ${notice.volumeName} (volume ${notice.volumeNumber}) now have a signed publication agreement.`,
        'You can export the signatures or inspect the evidence of each from the volume page.',
      ],
      url: `${publicBaseUrl()}/editor/volumes/${notice.volumeNumber}`,
      action: 'Open the volume',
    }),
  );
  return { subject: `${title} (volume ${notice.volumeNumber})`, ...rendered };
}

/** What the checkpoint email says (also rendered by `npm run emails:screenshots`). */
export function checkpointNotice(checkpoint: {
  id: number;
  createdAt: Date;
  auditCount: number;
  signatureCount: number;
  auditHeadHash: string;
}): { title: string; lines: string[]; url: string; action: string; footer: string } {
  return {
    title: `Evidence checkpoint ${checkpoint.id}`,
    footer: 'You receive this as an admin of the publication agreement portal: every admin gets every checkpoint.',
    lines: [
      `The portal sealed the state of its evidence at ${formatUtc(checkpoint.createdAt)}: ` +
        `${countOf(checkpoint.auditCount, 'audit event')} and ${countOf(checkpoint.signatureCount, 'signature')}. The sealed file is attached.`,
      'Keep this email and its attachment somewhere the portal’s database administrators cannot change. With it, ' +
        '“npm run audit:verify -- --checkpoint FILE” proves that the database still holds exactly this evidence: ' +
        'nothing deleted, altered or replaced since.',
      `Audit chain head: ${checkpoint.auditHeadHash}`,
    ],
    url: `${publicBaseUrl()}/admin/checkpoints`,
    action: 'See every checkpoint',
  };
}

async function composeCheckpoint(db: DbOrTx, email: Email): Promise<ComposedEmail> {
  const row = await findCheckpoint(db, Number(email.payload.checkpointId));
  if (!row) throw new Error(`checkpoint ${String(email.payload.checkpointId)} of email ${email.id} was not found`);
  const file = checkpointFile(row);
  const notice = checkpointNotice(row);
  const rendered = await renderEmail(createElement(EditorNoticeEmail, { publisher: getEnv().PUBLISHER_NAME, ...notice }));
  return {
    subject: `${notice.title}: ${countOf(row.auditCount, 'audit event')}, ${countOf(row.signatureCount, 'signature')}`,
    ...rendered,
    attachments: [
      { filename: checkpointFilename(row), content: Buffer.from(`${JSON.stringify(file, null, 2)}\n`), contentType: 'application/json' },
    ],
  };
}

const truncate = (value: string, length: number) => (value.length > length ? `${value.slice(0, length - 1)}…` : value);
