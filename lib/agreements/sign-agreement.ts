import 'server-only';

import { and, desc, eq, sql } from 'drizzle-orm';

import { getDb } from '@/db/client';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { isTransientDatabaseError } from '@/db/transient-error';
import { papers, signatureDocuments, signatureVoids, signatures, type Signature } from '@/db/schema';
import { sha256Hex } from '@/lib/crypto/sha256';
import { publicBaseUrl } from '@/lib/env';
import { SEAL_KEYS_PATH } from '@/lib/evidence/seal-keys';
import { CURRENT_RECORD_FORMAT, canonicalDocumentRecord, canonicalSignatureRecord, sealRecord } from '@/lib/evidence/seal';
import { renderSignedAgreementPdf, unprintableCharacters } from '@/lib/evidence/signed-agreement-pdf';
import { registerCurrentSealKey } from '@/lib/evidence/seal-key-ring';
import { getSealKey } from '@/lib/evidence/signing-key';
import { completesVolume, queueReceipt, queueVolumeCompletedNotices } from '@/lib/mail/signature-emails';
import { queueWebhookEvents } from '@/lib/webhooks/queue-webhook-events';
import { signatureWebhookEvents, volumeCompletedWebhookEvents } from '@/lib/webhooks/webhook-events';
import type { RequestContext } from '@/lib/auth/request-context';
import type { CurrentUser } from '@/lib/auth/roles';

import { getPaperAgreement } from './get-paper-agreement';
import { AUTH_METHOD_MAGIC_LINK } from './render-agreement';
import { namesMatch, typedNameSchema } from './typed-name';

export type SignAgreementInput = {
  user: CurrentUser | null;
  paperId: string;
  typedName: string;
  /** Acknowledgement ids the signer ticked. Only used to check that all were ticked. */
  acknowledged: string[];
  context: RequestContext;
};

export type SignAgreementFailure = {
  ok: false;
  code: 'unauthenticated' | 'not-found' | 'not-open' | 'withdrawn' | 'already-signed' | 'invalid' | 'unavailable';
  message: string;
  fieldErrors?: Record<string, string[]>;
};

export type SignAgreementResult = { ok: true; signature: Signature; nameMatchesRecord: boolean } | SignAgreementFailure;

const notFound: SignAgreementFailure = {
  ok: false,
  code: 'not-found',
  message: 'This paper is not among the papers you can sign for.',
};
/** The database went away before the signature could be written: nothing was. */
export const databaseUnavailable: SignAgreementFailure = {
  ok: false,
  code: 'unavailable',
  message: 'The portal could not reach its database just now, so your signature was not recorded. Nothing was saved: please press Sign agreement again in a moment.',
};

/** It went away during the write, and did not come back in time to say whether it was kept. */
const outcomeUnknown: SignAgreementFailure = {
  ok: false,
  code: 'unavailable',
  message: 'The portal lost its database while recording your signature and could not yet check whether it was kept. Please reload this page in a minute: it shows the agreement as signed if it was, and lets you sign again if not.',
};

const alreadySigned: SignAgreementFailure = {
  ok: false,
  code: 'already-signed',
  message: 'This agreement has already been signed. Nothing more is needed.',
};

/**
 * Records a corresponding author's signature, with the evidence that makes it hold: the
 * exact text (by version and SHA-256), what the paper was when signed, what was agreed, who
 * signed, from where and when (database time). Only the paper's corresponding author may sign,
 * only an accepted paper, and only once: the partial unique index on signatures turns any
 * concurrent second attempt into "already signed".
 */
export async function signAgreement(input: SignAgreementInput): Promise<SignAgreementResult> {
  const { user } = input;
  if (!user) return { ok: false, code: 'unauthenticated', message: 'Please sign in to sign this agreement.' };

  // The same reading of the paper that the author was shown: ownership is part of its query.
  const agreement = await getPaperAgreement(user, input.paperId);
  if (!agreement) return notFound;
  if (agreement.signature) return alreadySigned;
  const { paper, template, text, textSha256 } = agreement;
  if (paper.status !== 'accepted') {
    return { ok: false, code: 'withdrawn', message: 'This paper has been withdrawn, so there is nothing to sign.' };
  }
  if (!template || text === null || textSha256 === null) {
    return {
      ok: false,
      code: 'not-open',
      message: 'This volume is not open for signing yet: its editors have not chosen the agreement. Please try again later.',
    };
  }

  const fieldErrors: Record<string, string[]> = {};
  const typedName = typedNameSchema.safeParse(input.typedName);
  if (!typedName.success) fieldErrors.typedName = typedName.error.issues.map((issue) => issue.message);
  const unprintable = typedName.success ? unprintableCharacters(typedName.data) : [];
  if (unprintable.length > 0) {
    fieldErrors.typedName = [
      `The signed PDF cannot show ${unprintable.slice(0, 5).join(' ')} in your name. Please type it in Latin, Greek, Cyrillic or Chinese characters.`,
    ];
  }
  for (const acknowledgement of template.acknowledgements) {
    if (!input.acknowledged.includes(acknowledgement.id)) {
      fieldErrors[acknowledgement.id] = ['Please confirm this to sign.'];
    }
  }
  if (!typedName.success || unprintable.length > 0 || Object.keys(fieldErrors).length > 0) {
    return { ok: false, code: 'invalid', message: 'Some items need your attention before you can sign.', fieldErrors };
  }

  const db = await getDb();
  // The record is complete before it is written: id, database time, seal and PDF. The PDF
  // carries the seal, and the record carries the PDF's hash, so neither is ever remade.
  const key = getSealKey();
  // Its public half is in the key ring before anything is sealed with it (once per process).
  await registerCurrentSealKey(db);
  const draft = {
    id: crypto.randomUUID(),
    paperId: paper.id,
    userId: user.id,
    signerEmail: user.email,
    typedName: typedName.data,
    nameOnRecord: paper.correspondingAuthorName,
    templateVersion: template.version,
    textSha256,
    titleAtSigning: paper.title,
    authorsAtSigning: paper.authors.map((author) => author.name),
    proceedingsAtSigning: paper.proceedings,
    // The template's list, not the request's: a client cannot add or drop terms.
    agreedClauseIds: template.acknowledgements.map((acknowledgement) => acknowledgement.id),
    // Database time, read with the paper and the agreement this signature records (one statement).
    signedAt: agreement.readAt,
    authMethod: AUTH_METHOD_MAGIC_LINK,
    sessionIdHash: input.context.sessionIdHash,
    ipAddress: input.context.ipAddress,
    userAgent: input.context.userAgent,
    recordFormat: CURRENT_RECORD_FORMAT,
    forwardedForClaimed: input.context.forwardedForClaimed,
  };
  const sealedRecord = canonicalSignatureRecord(draft);
  const seal = sealRecord(sealedRecord, key.privateKey);
  const baseUrl = publicBaseUrl();
  const pdf = await renderSignedAgreementPdf({
    ...draft,
    signatureId: draft.id,
    agreementTitle: template.title,
    text,
    seal,
    sealKeyId: key.keyId,
    sealedRecord,
    verifyUrl: `${baseUrl}/verify?signature=${draft.id}&hash=${textSha256}`,
    publicKeyUrl: `${baseUrl}${SEAL_KEYS_PATH}`,
  });
  const pdfSha256 = sha256Hex(pdf);
  // The second seal: this PDF, by its hash, is this signature's document.
  const documentSeal = sealRecord(canonicalDocumentRecord({ signatureId: draft.id, pdfSha256 }), key.privateKey);

  const writeSignature = (): Promise<Signature | null> =>
    db.transaction(async (tx) => {
      // After a void, the new signature names the void it follows (read in the same statement).
      // Either unique index (first signature per paper, or one signature per void) turns a race
      // into "already signed".
      const openVoid = tx
        .select({ id: signatureVoids.id })
        .from(signatureVoids)
        .innerJoin(signatures, eq(signatures.id, signatureVoids.signatureId))
        .where(
          and(
            eq(signatures.paperId, paper.id),
            sql`not exists (select 1 from signatures s2 where s2.replaces_void_id = ${signatureVoids.id})`,
          ),
        )
        .orderBy(desc(signatureVoids.voidedAt))
        .limit(1);
      const [inserted] = await tx
        .insert(signatures)
        .values({ ...draft, seal, sealKeyId: key.keyId, pdfSha256, replacesVoidId: sql`(${openVoid})` })
        .onConflictDoNothing()
        .returning();
      if (!inserted) return null;
      // The paper's active signature, for lists and counts (a trigger checks it against the evidence).
      await tx.update(papers).set({ activeSignatureId: inserted.id }).where(eq(papers.id, paper.id));
      await tx
        .insert(signatureDocuments)
        .values({ signatureId: inserted.id, pdf, pdfSha256, seal: documentSeal, sealKeyId: key.keyId });
      // The receipt and the webhook event the proceedings pipeline listens for commit with the
      // signature.
      await queueReceipt(tx, inserted, paper.volumeId);
      const paperRef = { ...paper, volumeNumber: paper.volume.number, volumeName: paper.volume.name };
      await queueWebhookEvents(tx, signatureWebhookEvents(inserted, paperRef));
      // The audit chain's lock is held from here to the commit, so every signer waits for it as
      // briefly as possible; what follows it needs it.
      await appendAuditEvent(tx, {
        action: 'agreement.signed',
        actorUserId: user.id,
        actorEmail: user.email,
        paperId: paper.id,
        signatureId: inserted.id,
        volumeId: paper.volumeId,
        ipAddress: input.context.ipAddress,
        userAgent: input.context.userAgent,
        details: {
          templateVersion: template.version,
          textSha256,
          pdfSha256,
          sealKeyId: key.keyId,
          ...(input.context.forwardedForClaimed ? { forwardedForClaimed: input.context.forwardedForClaimed } : {}),
        },
      });
      // Under that lock, so that exactly one of two last signatures completes the volume.
      if (await completesVolume(tx, paper.volumeId)) {
        await queueVolumeCompletedNotices(tx, inserted, paper.volumeId);
        await queueWebhookEvents(tx, volumeCompletedWebhookEvents(inserted, paperRef));
      }
      return inserted;
    });

  let signature: Signature | null;
  try {
    signature = await writeSignature();
  } catch (error) {
    if (!isTransientDatabaseError(error)) throw error;
    // The connection died inside the transaction, perhaps during its commit: whether the
    // signature was kept is read back by its id once the database answers again.
    const kept = await readBackSignature(draft.id);
    if (kept === 'unknown') return outcomeUnknown;
    if (!kept) return databaseUnavailable;
    signature = kept;
  }
  if (!signature) return alreadySigned;
  return { ok: true, signature, nameMatchesRecord: namesMatch(signature.typedName, signature.nameOnRecord) };
}

/**
 * The signature with this id as the database holds it, null if it holds none, or 'unknown' if
 * the database does not answer within about 15 seconds (a restart usually takes one or two).
 */
async function readBackSignature(signatureId: string): Promise<Signature | null | 'unknown'> {
  for (const waitMs of [0, 250, 500, 1000, 2000, 4000, 8000]) {
    if (waitMs) await new Promise((resolve) => setTimeout(resolve, waitMs));
    try {
      const db = await getDb();
      const [found] = await db.select().from(signatures).where(eq(signatures.id, signatureId));
      return found ?? null;
    } catch (error) {
      if (!isTransientDatabaseError(error)) throw error;
    }
  }
  return 'unknown';
}
