import 'server-only';

import type { AgreementPresentation, Signature } from '@/db/schema';
import { publicBaseUrl } from '@/lib/env';
import { sendMail } from '@/lib/mail/send-mail';

import { formatUtc, formatUtcDate, terminationDate } from './format-time';
import { namesMatch } from './typed-name';

/** The signer's receipt: the facts of the record, and a link back to what they signed. */
export async function sendSignatureReceipt(
  signature: Signature,
  pdf: Uint8Array,
  presentation: AgreementPresentation,
): Promise<void> {
  const link = `${publicBaseUrl()}/papers/${signature.paperId}`;
  const nameNote = namesMatch(signature.typedName, signature.nameOnRecord)
    ? []
    : [`Note: the name you typed differs from the name on record (${signature.nameOnRecord}); both are kept.`, ''];

  const text = [
    `You signed the publication agreement for "${signature.titleAtSigning}".`,
    '',
    `Proceedings:        ${signature.proceedingsAtSigning}`,
    `Signed by:          ${signature.typedName} <${signature.signerEmail}>`,
    `Signed at:          ${formatUtc(signature.signedAt)} (${signature.signedAt.toISOString()})`,
    `Agreement version:  ${signature.templateVersion}`,
    `Text SHA-256:       ${signature.textSha256}`,
    `PDF SHA-256:        ${signature.pdfSha256 ?? ''}`,
    `Signature id:       ${signature.id}`,
    '',
    ...nameNote,
    ...terminationNote(signature.signedAt, presentation),
    `Read or print exactly what you signed: ${link}`,
    '',
    'The signed agreement is attached as a PDF, sealed by the portal. Keep this email as your receipt.',
    'If you did not sign this agreement, reply to this email at once.',
  ].join('\n');

  await sendMail({
    to: signature.signerEmail,
    subject: `Signed: publication agreement for "${truncate(signature.titleAtSigning, 80)}"`,
    text,
    attachments: [
      {
        filename: `signed-agreement-${signature.id.slice(0, 8)}.pdf`,
        content: Buffer.from(pdf),
        contentType: 'application/pdf',
      },
    ],
  });
}

function terminationNote(signedAt: Date, presentation: AgreementPresentation): string[] {
  const termination = terminationDate(signedAt, presentation.termination);
  if (!termination) return [];
  return [
    `The agreement terminates if the article is not published by ${formatUtcDate(termination.date)} (clause ${termination.clause}).`,
    '',
  ];
}

const truncate = (value: string, length: number) => (value.length > length ? `${value.slice(0, length - 1)}…` : value);
