import 'server-only';

import { asc, eq, gt, inArray, sql } from 'drizzle-orm';

import { queryRows, type DbOrTx } from '@/db/client';
import { auditEvents, sealKeys, signatureDocuments, signatures } from '@/db/schema';
import { GENESIS_HASH, chainHash } from '@/lib/audit/audit-chain';

import { canonicalCheckpoint, type CheckpointFile } from './checkpoint-document';
import { GENESIS_SIGNATURES_HASH, nextSignaturesHash } from './evidence-hashes';
import { canonicalAuditEventSeal, canonicalDocumentRecord, canonicalSignatureRecord, isSealValid } from './seal';

export type EvidenceReport = {
  ok: boolean;
  auditEvents: number;
  /** Events written before events were sealed (an install older than the seals). */
  unsealedLegacyEvents: number;
  signatures: number;
  /** What is wrong, first found first; empty when ok. */
  problems: string[];
  /** The first broken audit event, if the chain itself is broken. */
  brokenAt?: { id: number; sequence: number; reason: string };
  /** The audit chain's head: what a new checkpoint states. */
  headHash: string;
  /** The running hash over every signature (all audit events): what a new checkpoint states. */
  signaturesHash: string;
};

export type VerifyEvidenceOptions = {
  /** A checkpoint file: the database must still contain exactly what it covered. */
  checkpoint?: CheckpointFile;
  /** Public keys (id → SPKI DER) to trust instead of the database's own key ring. */
  trustedKeys?: Map<string, Buffer>;
  /** Also hash every stored PDF (reads every document; the default). */
  hashDocuments?: boolean;
  batchSize?: number;
};

const MAX_PROBLEMS = 50;

/**
 * Checks the evidence as someone who trusts neither the database nor its operator would: the
 * audit chain (links, hashes, seals), every signature (record seal, document seal, stored PDF
 * hash against the recorded one, its audit event) and, given a checkpoint, that the database
 * still holds exactly the events and signatures the checkpoint sealed. Seals are checked with
 * `trustedKeys` when given (the published key list, archived elsewhere); otherwise with the
 * database's key ring, which an operator could extend, so a checkpoint names the key it expects.
 */
export async function verifyEvidence(db: DbOrTx, options: VerifyEvidenceOptions = {}): Promise<EvidenceReport> {
  const batchSize = options.batchSize ?? 2000;
  const problems: string[] = [];
  const problem = (text: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(text);
  };
  const keys = options.trustedKeys ?? (await keyRing(db));
  const checkpoint = options.checkpoint?.checkpoint;

  if (options.checkpoint) {
    const key = keys.get(options.checkpoint.checkpoint.sealKeyId);
    if (!key)
      problem(
        `the checkpoint is sealed with key ${options.checkpoint.checkpoint.sealKeyId}, which is not a trusted key`,
      );
    else if (!isSealValid(canonicalCheckpoint(options.checkpoint.checkpoint), options.checkpoint.seal, key)) {
      problem('the checkpoint file does not match its seal (it was altered, or not made by this portal)');
    }
  }

  // 1. The audit chain, in order.
  let expectedPrev = GENESIS_HASH;
  let expectedSequence = 1;
  let unsealedLegacyEvents = 0;
  let sealedSeen = false;
  let brokenAt: EvidenceReport['brokenAt'];
  let after = 0;
  /** sequence of each agreement.signed event → the signature it names, and the PDF hash it states. */
  const signedEvents = new Map<string, { sequence: number; pdfSha256: unknown }>();
  for (;;) {
    const batch = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.sequence, after))
      .orderBy(asc(auditEvents.sequence))
      .limit(batchSize);
    for (const event of batch) {
      if (!brokenAt) {
        const at = { id: event.id, sequence: event.sequence };
        if (event.sequence !== expectedSequence) {
          brokenAt = {
            ...at,
            reason: `expected sequence ${expectedSequence}, found ${event.sequence} (an event is missing)`,
          };
        } else if (event.prevHash !== expectedPrev) {
          brokenAt = { ...at, reason: 'its previous-hash does not match the event before it' };
        } else if (chainHash(event.prevHash, event) !== event.hash) {
          brokenAt = { ...at, reason: 'its content does not match its hash (the event was altered)' };
        }
        if (brokenAt) problem(`audit event ${brokenAt.sequence} (id ${brokenAt.id}): ${brokenAt.reason}`);
      }
      if (event.seal && event.sealKeyId) {
        sealedSeen = true;
        const key = keys.get(event.sealKeyId);
        if (!key || !isSealValid(canonicalAuditEventSeal(event), event.seal, key)) {
          problem(
            `audit event ${event.sequence} (id ${event.id}): its seal is not valid (the chain was recomputed without the key, or the event forged)`,
          );
        }
      } else if (sealedSeen) {
        problem(
          `audit event ${event.sequence} (id ${event.id}): it has no seal, though events before it have (inserted by hand)`,
        );
      } else {
        unsealedLegacyEvents += 1;
      }
      if (
        checkpoint &&
        event.sequence === checkpoint.auditEvents.count &&
        event.hash !== checkpoint.auditEvents.headHash
      ) {
        problem(
          `audit event ${event.sequence} is not the event the checkpoint sealed: the chain was rewritten up to it`,
        );
      }
      if (event.action === 'agreement.signed' && event.signatureId) {
        signedEvents.set(event.signatureId, { sequence: event.sequence, pdfSha256: event.details?.pdfSha256 });
      }
      expectedPrev = event.hash;
      expectedSequence = event.sequence + 1;
    }
    if (batch.length < batchSize) break;
    after = batch[batch.length - 1]!.sequence;
  }
  const auditCount = expectedSequence - 1;
  if (checkpoint && auditCount < checkpoint.auditEvents.count) {
    problem(
      `the database has ${auditCount} audit events, the checkpoint covers ${checkpoint.auditEvents.count}: events were deleted`,
    );
  }

  // 2. Every signature, in the order of its audit event (those without one last, by id).
  const rows = await db.select({ id: signatures.id }).from(signatures).orderBy(asc(signatures.id));
  const order = rows
    .map((row) => ({ id: row.id, sequence: signedEvents.get(row.id)?.sequence ?? Number.MAX_SAFE_INTEGER }))
    .sort((a, b) => a.sequence - b.sequence || (a.id < b.id ? -1 : 1));
  let signaturesHash = GENESIS_SIGNATURES_HASH;
  let checkpointHash = GENESIS_SIGNATURES_HASH;
  let checkpointCount = 0;
  for (let start = 0; start < order.length; start += 200) {
    const ids = order.slice(start, start + 200).map((entry) => entry.id);
    const found = await db
      .select({
        signature: signatures,
        documentSha256: signatureDocuments.pdfSha256,
        documentSeal: signatureDocuments.seal,
        documentSealKeyId: signatureDocuments.sealKeyId,
        storedSha256:
          options.hashDocuments === false
            ? sql<null>`null`
            : sql<string>`encode(sha256(${signatureDocuments.pdf}), 'hex')`,
      })
      .from(signatures)
      .leftJoin(signatureDocuments, eq(signatureDocuments.signatureId, signatures.id))
      .where(inArray(signatures.id, ids));
    const byId = new Map(found.map((row) => [row.signature.id, row]));
    for (const id of ids) {
      const row = byId.get(id)!;
      const { signature } = row;
      const name = `signature ${signature.id}`;
      const event = signedEvents.get(signature.id);
      if (!event) problem(`${name}: no "agreement.signed" audit event records it (inserted by hand)`);
      else if (event.pdfSha256 !== undefined && event.pdfSha256 !== signature.pdfSha256) {
        problem(`${name}: its PDF hash is not the one its audit event recorded`);
      }
      const recordKey = keys.get(signature.sealKeyId);
      if (!recordKey || !isSealValid(canonicalSignatureRecord(signature), signature.seal, recordKey)) {
        problem(`${name}: the record does not match its seal (the record was altered)`);
      }
      if (row.documentSha256 === null) problem(`${name}: its signed PDF is missing`);
      else {
        if (row.documentSha256 !== signature.pdfSha256)
          problem(`${name}: the stored PDF's recorded hash is not the signature's`);
        if (row.storedSha256 !== null && row.storedSha256 !== signature.pdfSha256) {
          problem(`${name}: the stored PDF is not the one signed (its SHA-256 is ${row.storedSha256})`);
        }
        if (row.documentSeal && row.documentSealKeyId) {
          const documentKey = keys.get(row.documentSealKeyId);
          const record = canonicalDocumentRecord({ signatureId: signature.id, pdfSha256: signature.pdfSha256 });
          if (!documentKey || !isSealValid(record, row.documentSeal, documentKey)) {
            problem(`${name}: the document seal is not valid for this PDF hash`);
          }
        }
      }
      const digest = { ...signature, documentSeal: row.documentSeal ?? null };
      signaturesHash = event ? nextSignaturesHash(signaturesHash, digest) : signaturesHash;
      if (checkpoint && event && event.sequence <= checkpoint.auditEvents.count) {
        checkpointHash = nextSignaturesHash(checkpointHash, digest);
        checkpointCount += 1;
      }
    }
  }
  if (checkpoint) {
    if (checkpointCount !== checkpoint.signatures.count) {
      problem(
        `the checkpoint covers ${checkpoint.signatures.count} signatures; the database has ${checkpointCount} of them`,
      );
    } else if (checkpointHash !== checkpoint.signatures.runningHash) {
      problem('the signatures the checkpoint covers are not as they were (a record, seal or PDF hash changed)');
    }
  }
  // Not evidence but read from it: each paper's active signature (decision 011), which lists and
  // counts show. A trigger checks each write; whoever can switch it off could make a list lie.
  const mislisted = queryRows<{ volume: number; key: string; listed: string | null; active: string | null }>(
    await db.execute(sql`
      select v.number as volume, p.paper_key as key, p.active_signature_id as listed, a.id as active
      from papers p
      join volumes v on v.id = p.volume_id
      left join signatures a on a.paper_id = p.id
        and not exists (select 1 from signature_voids sv where sv.signature_id = a.id)
      where p.active_signature_id is distinct from a.id
      order by v.number, p.paper_key
      limit ${MAX_PROBLEMS}`),
  );
  for (const row of mislisted) {
    problem(
      `paper ${row.key} of volume ${row.volume}: papers.active_signature_id is ${row.listed ?? 'empty'}, but its active signature is ${row.active ?? 'none'}`,
    );
  }
  return {
    ok: problems.length === 0,
    auditEvents: auditCount,
    unsealedLegacyEvents,
    signatures: rows.length,
    problems,
    ...(brokenAt ? { brokenAt } : {}),
    headHash: expectedPrev,
    signaturesHash,
  };
}

/** The database's key ring as id → SPKI DER. */
export async function keyRing(db: DbOrTx): Promise<Map<string, Buffer>> {
  const rows = await db.select({ keyId: sealKeys.keyId, spki: sealKeys.publicKeySpki }).from(sealKeys);
  return new Map(rows.map((row) => [row.keyId, Buffer.from(row.spki, 'base64')]));
}

/** Keys from a published key list (/.well-known/agreement-seal-keys.json), archived elsewhere. */
export function keysFromPublishedList(text: string): Map<string, Buffer> {
  const list = JSON.parse(text) as { keys?: { kid?: string; spki?: string }[] };
  return new Map(
    (list.keys ?? []).filter((key) => key.kid && key.spki).map((key) => [key.kid!, Buffer.from(key.spki!, 'base64')]),
  );
}
