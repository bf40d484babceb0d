// Each tampering an outside reviewer tried, as the portal's own database role (refused) and as
// the owner (refused where an event trigger or an ALWAYS trigger can, detected otherwise: by the
// seals, by /verify, by a checkpoint). Every test starts from a database of its own.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import { getDb, queryRows } from '@/db/client';
import { auditEvents, papers, signatureDocuments, signatures } from '@/db/schema';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { chainHash } from '@/lib/audit/audit-chain';
import { sha256Hex } from '@/lib/crypto/sha256';
import { checkpointFile, writeCheckpoint } from '@/lib/evidence/checkpoint';
import { verifyEvidence } from '@/lib/evidence/verify-evidence';
import { verifySignatureId, verifySignedPdf } from '@/lib/evidence/verify-signature';

import { expectDbError } from './expect-db-error';
import { paperRow, seedPapers, seedUser, signPaperAs } from './factories';
import { DISABLE_GUARDS, ENABLE_GUARDS, isolatedDatabase } from './isolated-database';

async function signedPapers(count: number) {
  const rows = Array.from({ length: count }, (_, index) =>
    paperRow({ paperKey: `t${index}`, correspondingAuthorEmail: `t${index}@example.org` }),
  );
  await seedPapers(rows);
  const db = await getDb();
  const result = [];
  for (const row of rows) {
    const [paper] = await db.select({ id: papers.id }).from(papers).where(eq(papers.paperKey, row.paperKey));
    result.push(await signPaperAs(row.correspondingAuthorEmail, paper!.id, `Signer ${row.paperKey}`));
  }
  return result;
}

async function append(action: string) {
  const db = await getDb();
  return db.transaction((tx) => appendAuditEvent(tx, { action }));
}

async function checkpointNow() {
  const outcome = await writeCheckpoint({ force: true });
  if (!outcome.written) throw new Error(`no checkpoint: ${JSON.stringify(outcome)}`);
  return checkpointFile(outcome.checkpoint);
}

describe('the database refuses evidence rows the portal would never write', () => {
  it('an unsealed signature, a void of another paper, an event that does not continue the chain', async () => {
    await isolatedDatabase('tamper_rows');
    const [first, second] = await signedPapers(2);
    const db = await getDb();
    const copy = (await db.select().from(signatures).where(eq(signatures.id, first!.id)))[0]!;
    const insertCopy = (changes: Record<string, unknown>) =>
      db.insert(signatures).values({ ...copy, id: crypto.randomUUID(), ...changes } as typeof copy);
    await expectDbError(insertCopy({ seal: null }), /null value in column "seal"/);
    await expectDbError(insertCopy({ sealKeyId: null }), /null value in column "seal_key_id"/);
    await expectDbError(insertCopy({ pdfSha256: null }), /null value in column "pdf_sha256"/);

    // Void the second paper's signature, then try to "re-sign" the first paper after that void.
    const admin = await seedUser('admin@example.org', 'admin');
    const { voidSignature } = await import('@/lib/agreements/void-signature');
    const voided = await voidSignature(
      admin,
      { paperId: second!.paperId, signatureId: second!.id, reason: 'Test: signed by the wrong person' },
      { ipAddress: null, userAgent: null, sessionIdHash: null },
    );
    expect(voided.ok).toBe(true);
    const [{ id: voidId }] = queryRows<{ id: string }>(await db.execute(sql`select id from signature_voids`)) as [{ id: string }];
    await expectDbError(insertCopy({ replacesVoidId: voidId }), /same paper/);

    const [last] = await db
      .select()
      .from(auditEvents)
      .orderBy(sql`sequence desc`)
      .limit(1);
    const forged = { ...last!, id: undefined, sequence: last!.sequence + 1, prevHash: 'f'.repeat(64), hash: 'e'.repeat(64) };
    await expectDbError(db.insert(auditEvents).values(forged as never), /does not continue the chain/);
    await expectDbError(db.insert(auditEvents).values({ ...forged, prevHash: last!.hash, seal: null } as never), /audit_events_sealed/);
    // Linked and with something in the seal column, the row goes in: the seal is what fails.
    await db.insert(auditEvents).values({ ...forged, prevHash: last!.hash, seal: 'A'.repeat(86), sealKeyId: last!.sealKeyId } as never);
    const report = await verifyEvidence(db);
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toMatch(
      new RegExp(`audit event ${last!.sequence + 1} .*(content does not match|seal is not valid)`),
    );
  });
});

describe('the owner of the database', () => {
  it('cannot alter, disable or drop the evidence tables, nor skip their triggers in replica mode', async () => {
    const { owner } = await isolatedDatabase('tamper_ddl');
    await signedPapers(1);
    await expectDbError(owner('alter table signatures disable trigger signatures_immutable'), /evidence or guards it/);
    await expectDbError(owner('alter table audit_events alter column seal drop not null'), /evidence or guards it/);
    await expectDbError(owner('drop trigger audit_events_immutable on audit_events'), /evidence or guards it|cannot be dropped/);
    await expectDbError(owner('drop table signature_documents cascade'), /evidence or guards it|cannot be dropped/);
    await expectDbError(
      owner(`create or replace function reject_evidence_change() returns trigger language plpgsql as $$ begin return new; end $$`),
      /evidence or guards it/,
    );
    await expectDbError(
      owner(`begin; set local session_replication_role = replica; delete from signature_documents; commit;`),
      /is evidence/,
    );
    await owner('rollback').catch(() => {});
    await expectDbError(
      owner(`begin; set local session_replication_role = replica; update audit_events set action = 'x'; commit;`),
      /is evidence/,
    );
    await owner('rollback').catch(() => {});
  });

  it('deleting the last audit events goes unseen without a checkpoint and is caught with one', async () => {
    const { owner } = await isolatedDatabase('tamper_tail');
    await signedPapers(1);
    await append('test.kept');
    await append('test.tail.one');
    await append('test.tail.two');
    const checkpoint = await checkpointNow();
    const db = await getDb();
    expect((await verifyEvidence(db, { checkpoint })).ok).toBe(true);
    await owner(`${DISABLE_GUARDS} delete from audit_events where action like 'test.tail.%'; ${ENABLE_GUARDS}`);
    // The chain that is left is whole: only the anchor outside the database shows the loss.
    expect((await verifyEvidence(db)).ok).toBe(true);
    const report = await verifyEvidence(db, { checkpoint });
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toContain(`covers ${checkpoint.checkpoint.auditEvents.count}: events were deleted`);
  });

  it('a chain rewritten and recomputed without the key fails its seals and the checkpoint', async () => {
    const { owner } = await isolatedDatabase('tamper_chain');
    await signedPapers(1);
    await append('test.one');
    await append('test.two');
    const checkpoint = await checkpointNow();
    const db = await getDb();
    const events = await db.select().from(auditEvents).orderBy(auditEvents.sequence);
    // The reviewer's script: change an event, then recompute every hash after it.
    const victim = events.find((event) => event.action === 'agreement.signed')!;
    let prev = victim.prevHash;
    const statements: string[] = [];
    for (const event of events.filter((e) => e.sequence >= victim.sequence)) {
      const changed = event.id === victim.id ? { ...event, actorEmail: 'mallory@example.org' } : event;
      const hash = chainHash(prev, changed);
      statements.push(
        `update audit_events set prev_hash = '${prev}', hash = '${hash}'${event.id === victim.id ? `, actor_email = 'mallory@example.org'` : ''} where id = ${event.id};`,
      );
      prev = hash;
    }
    await owner(
      `${DISABLE_GUARDS} alter table audit_events drop constraint audit_events_hash_unique; ${statements.join('\n')} ${ENABLE_GUARDS}`,
    );
    const report = await verifyEvidence(db, { checkpoint });
    expect(report.ok).toBe(false);
    const problems = report.problems.join('\n');
    expect(problems).toContain(`audit event ${victim.sequence} (id ${victim.id}): its seal is not valid`);
    expect(problems).toContain('the chain was rewritten');
  });

  it('a stored PDF swapped for another signature’s (plus bytes) fails /verify, and the checkpoint', async () => {
    const { owner } = await isolatedDatabase('tamper_pdf');
    const [first, second] = await signedPapers(2);
    const checkpoint = await checkpointNow();
    const db = await getDb();
    const [original] = await db.select().from(signatureDocuments).where(eq(signatureDocuments.signatureId, first!.id));
    const [other] = await db.select().from(signatureDocuments).where(eq(signatureDocuments.signatureId, second!.id));
    expect(await verifySignedPdf(original!.pdf)).toMatchObject({ isValid: true, signatureId: first!.id });

    const swapped = Buffer.concat([Buffer.from(other!.pdf), Buffer.from('\n%padding\n')]);
    await owner(
      `${DISABLE_GUARDS} update signature_documents set pdf = '\\x${swapped.toString('hex')}'::bytea, pdf_sha256 = '${sha256Hex(swapped)}' where signature_id = '${first!.id}'; ${ENABLE_GUARDS}`,
    );
    // The author's own copy: the portal's stored one no longer has the recorded hash.
    const byOriginal = await verifySignedPdf(original!.pdf);
    expect(byOriginal).toMatchObject({ isValid: false, reason: expect.stringContaining('stored copy') });
    // The swapped document itself: not the PDF the signature's record names.
    const bySwapped = await verifySignedPdf(swapped);
    expect(bySwapped).toMatchObject({ isValid: false, reason: expect.stringContaining('not the document recorded') });
    expect(bySwapped.isValid ? [] : bySwapped.checks?.filter((check) => !check.ok).length).toBeGreaterThan(0);
    const report = await verifyEvidence(db, { checkpoint });
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toContain(`signature ${first!.id}: the stored PDF's recorded hash is not the signature's`);
  });

  it('an edited signature record fails its seal, on /verify and in audit:verify', async () => {
    const { owner } = await isolatedDatabase('tamper_record');
    const [signature] = await signedPapers(1);
    await owner(`${DISABLE_GUARDS} update signatures set typed_name = 'Someone Else' where id = '${signature!.id}'; ${ENABLE_GUARDS}`);
    expect(await verifySignatureId(signature!.id, signature!.textSha256)).toMatchObject({
      isValid: false,
      reason: 'The signature record no longer matches its seal.',
    });
    const report = await verifyEvidence(await getDb());
    expect(report.problems.join('\n')).toContain(`signature ${signature!.id}: the record does not match its seal`);
  });
});

describe("a paper's active signature (papers.active_signature_id)", () => {
  it('follows signing, voiding and signing again, and the database refuses any value the evidence does not give', async () => {
    const { owner } = await isolatedDatabase('active_signature');
    const [first, second] = await signedPapers(2);
    const db = await getDb();
    const activeOf = async (paperId: string) =>
      (await db.select({ id: papers.activeSignatureId }).from(papers).where(eq(papers.id, paperId)))[0]!.id;
    expect(await activeOf(first!.paperId)).toBe(first!.id);
    expect(await activeOf(second!.paperId)).toBe(second!.id);

    // Another paper's signature, or none while the signature stands: refused.
    await expectDbError(
      db.update(papers).set({ activeSignatureId: second!.id }).where(eq(papers.id, first!.paperId)),
      /not an unvoided signature of this paper/,
    );
    await expectDbError(
      db.update(papers).set({ activeSignatureId: null }).where(eq(papers.id, first!.paperId)),
      /is not voided/,
    );
    // A new paper cannot arrive signed.
    const [volume] = queryRows<{ volume_id: number }>(await db.execute(sql`select volume_id from papers limit 1`));
    await expectDbError(
      db.insert(papers).values({
        volumeId: volume!.volume_id,
        paperKey: 'arrives-signed',
        title: 'Arrives signed',
        correspondingAuthorName: 'X',
        correspondingAuthorEmail: 'x@example.org',
        activeSignatureId: first!.id,
      }),
      /not an unvoided signature of this paper/,
    );

    const admin = await seedUser('admin@example.org', 'admin');
    const { voidSignature } = await import('@/lib/agreements/void-signature');
    const voided = await voidSignature(
      admin,
      { paperId: first!.paperId, signatureId: first!.id, reason: 'Test: signed by the wrong person' },
      { ipAddress: null, userAgent: null, sessionIdHash: null },
    );
    expect(voided.ok).toBe(true);
    expect(await activeOf(first!.paperId)).toBeNull();
    // A voided signature cannot be made active again.
    await expectDbError(
      db.update(papers).set({ activeSignatureId: first!.id }).where(eq(papers.id, first!.paperId)),
      /not an unvoided signature of this paper/,
    );

    const [row] = await db
      .select({ email: papers.correspondingAuthorEmail })
      .from(papers)
      .where(eq(papers.id, first!.paperId));
    const again = await signPaperAs(row!.email, first!.paperId, 'Signer again');
    expect(again.id).not.toBe(first!.id);
    expect(await activeOf(first!.paperId)).toBe(again.id);
    expect(await activeOf(second!.paperId)).toBe(second!.id);
    expect((await verifyEvidence(db)).problems).toEqual([]);

    // The owner can switch the trigger off and make a list lie; audit:verify says so.
    await owner(`alter table papers disable trigger papers_check_active_signature;
      update papers set active_signature_id = null where id = '${second!.paperId}';
      alter table papers enable trigger papers_check_active_signature;`);
    const report = await verifyEvidence(db);
    expect(report.ok).toBe(false);
    const [{ number }] = queryRows<{ number: number }>(
      await db.execute(sql`select v.number from papers p join volumes v on v.id = p.volume_id where p.id = ${second!.paperId}`),
    ) as [{ number: number }];
    expect(report.problems).toEqual([
      `paper t1 of volume ${number}: papers.active_signature_id is empty, but its active signature is ${second!.id}`,
    ]);
  });
});
