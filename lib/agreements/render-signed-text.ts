import 'server-only';

import type { DbOrTx } from '@/db/client';
import type { AgreementTemplate, Signature } from '@/db/schema';

import { getAgreementVersion } from './find-agreement-version';

import { agreementSha256, renderAgreement } from './render-agreement';

export type SignedText = {
  template: AgreementTemplate;
  text: string;
  textSha256: string;
  /** Does the re-rendered text still hash to what was recorded at signing? */
  isIntact: boolean;
};

/**
 * The exact text a signature covers, re-rendered from its template version and the facts
 * recorded at signing (not today's title or name), with its hash checked against the record.
 */
export async function renderSignedText(db: DbOrTx, signature: Signature): Promise<SignedText> {
  const template = await getAgreementVersion(db, signature.templateVersion);
  if (!template) throw new Error(`template v${signature.templateVersion} of signature ${signature.id} is missing`);
  return signedTextOf(template, signature);
}

/** The same, from the signature's template version already read. */
export function signedTextOf(template: AgreementTemplate, signature: Signature): SignedText {
  if (template.version !== signature.templateVersion) {
    throw new Error(`signature ${signature.id} is of template v${signature.templateVersion}, not v${template.version}`);
  }
  const text = renderAgreement(template.body, {
    title: signature.titleAtSigning,
    proceedings: signature.proceedingsAtSigning,
    correspondingAuthor: signature.nameOnRecord,
  });
  const textSha256 = agreementSha256(text);
  return { template, text, textSha256, isIntact: textSha256 === signature.textSha256 };
}

/** The download name of a signature's text: the paper key, safe for any file system. */
export function signedTextFilename(paperKey: string): string {
  return `agreement-${paperKey}.txt`.replace(/[^\w.-]/g, '_');
}

/**
 * The body of a signed-text download: the text, then how to check it. The instructions are
 * exact, so that a reader who follows them literally gets the recorded hash: the text is the
 * file's first N lines, each ending in a line feed, and nothing else.
 */
export function signedTextDocument(signature: Signature, signed: SignedText, filename: string): string {
  const lineCount = signed.text.split('\n').length - 1;
  return [
    signed.text,
    '----',
    `Signed by ${signature.typedName} <${signature.signerEmail}> at ${signature.signedAt.toISOString()}.`,
    `Agreement version ${signature.templateVersion}. Signature id ${signature.id}.`,
    `The agreement text is the first ${lineCount} lines of this file, each ending in a line feed (LF);`,
    `its SHA-256 is ${signature.textSha256}`,
    `To check it: head -n ${lineCount} ${filename} | sha256sum`,
    '',
  ].join('\n');
}
