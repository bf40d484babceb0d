import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import { closeDatabase, getDb } from '@/db/client';
import { auditEvents, papers } from '@/db/schema';
import { expectDbError } from '@/tests/expect-db-error';
import { createFreshPostgresDatabase } from '@/tests/fresh-test-resources';
import { DISABLE_GUARDS, ENABLE_GUARDS, currentOwner } from '@/tests/isolated-database';
import { paperRow, seedAgreementTemplate, seedPapers, seedUser, signPaperAs } from '@/tests/factories';

import { appendAuditEvent } from './append-audit-event';
import { GENESIS_HASH, chainHash } from './audit-chain';
import { verifyAuditChain } from './verify-audit-chain';
import { checkpointFile, writeCheckpoint } from '@/lib/evidence/checkpoint';
import { prepareDatabase } from '@/lib/startup/start-portal';

async function append(action: string, details: Record<string, unknown> = {}) {
  const db = await getDb();
  return db.transaction((tx) => appendAuditEvent(tx, { action, details }));
}

describe('the audit hash chain', () => {
  it('links each event to the one before it, from the genesis hash', async () => {
    const db = await getDb();
    // Whatever the chain holds already (the first start publishes the agreement), it goes on from there.
    const before = await verifyAuditChain(db);
    if (!before.ok) throw new Error('chain broken before the test');
    const first = await append('test.first', { b: 2, a: [1, { z: 'ü', y: null }] });
    const second = await append('test.second');
    expect(first.sequence).toBe(before.count + 1);
    expect(first.hash).toBe(chainHash(first.prevHash, first));
    expect(second.prevHash).toBe(first.hash);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, count: before.count + 2, lastHash: second.hash });
    const [genesis] = await db.select().from(auditEvents).where(eq(auditEvents.sequence, 1));
    expect(genesis!.prevHash).toBe(GENESIS_HASH);
    expect(genesis!.hash).toBe(chainHash(GENESIS_HASH, genesis!));
  });

  it('never forks under concurrent appends', async () => {
    await Promise.all(Array.from({ length: 25 }, (_, index) => append('test.concurrent', { index })));
    const db = await getDb();
    const events = await db.select().from(auditEvents).orderBy(asc(auditEvents.sequence));
    expect(new Set(events.map((event) => event.prevHash)).size).toBe(events.length);
    expect(events.map((event) => event.sequence)).toEqual(events.map((_, index) => index + 1));
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  // 50 signings each render a sealed PDF (~0.3 s of CPU apiece on one core): allow for it.
  it('stays intact after 50 parallel signings', { timeout: 120_000 }, async () => {
    await seedAgreementTemplate();
    const rows = Array.from({ length: 50 }, (_, index) =>
      paperRow({ paperKey: `chain${index}`, correspondingAuthorEmail: `chain${index}@example.org` }),
    );
    await seedPapers(rows);
    const db = await getDb();
    const ids = await db.select({ id: papers.id, email: papers.correspondingAuthorEmail }).from(papers);
    const wanted = ids.filter((paper) => paper.email.startsWith('chain'));
    for (const paper of wanted) await seedUser(paper.email);
    await Promise.all(wanted.map((paper) => signPaperAs(paper.email, paper.id)));
    const report = await verifyAuditChain(db);
    expect(report.ok).toBe(true);
    expect(report.count).toBeGreaterThanOrEqual(50);
  });
});

describe('evidence cannot be changed', () => {
  it('refuses UPDATE, DELETE and TRUNCATE on audit events and signatures', async () => {
    const db = await getDb();
    const event = await append('test.immutable');
    // The portal's role has no such privilege (PostgreSQL); the triggers refuse it to everyone.
    const refused = /is evidence|permission denied/;
    await expectDbError(db.execute(sql`update audit_events set action = 'x' where id = ${event.id}`), refused);
    await expectDbError(db.execute(sql`delete from audit_events where id = ${event.id}`), refused);
    await expectDbError(db.execute(sql`truncate audit_events cascade`), refused);

    await seedAgreementTemplate();
    await seedPapers([paperRow({ paperKey: 'imm1', correspondingAuthorEmail: 'imm1@example.org' })]);
    const [paper] = await db.select({ id: papers.id }).from(papers).where(eq(papers.paperKey, 'imm1'));
    const signature = await signPaperAs('imm1@example.org', paper!.id);
    await expectDbError(
      db.execute(sql`update signatures set typed_name = 'Someone Else' where id = ${signature.id}`),
      refused,
    );
    await expectDbError(db.execute(sql`delete from signatures where id = ${signature.id}`), refused);
    await expectDbError(db.execute(sql`truncate signatures cascade`), refused);
    // And to the owner too.
    const { owner } = await currentOwner();
    await expectDbError(owner(`update audit_events set action = 'x' where id = ${event.id}`), /is evidence/);
    await expectDbError(owner(`delete from signatures where id = '${signature.id}'`), /is evidence/);
  });

  it('lets the verifier find an event tampered with by the database owner', async () => {
    const db = await getDb();
    await append('test.before');
    const victim = await append('test.victim', { amount: 1 });
    await append('test.after');
    // The owner can switch the guards off: the chain is what still gives it away.
    const { owner } = await currentOwner();
    const tamper = (details: string) =>
      owner(`${DISABLE_GUARDS} update audit_events set details = '${details}'::jsonb where id = ${victim.id}; ${ENABLE_GUARDS}`);
    await tamper('{"amount": 2}');
    try {
      const report = await verifyAuditChain(db);
      expect(report).toMatchObject({ ok: false, brokenAt: { id: victim.id }, reason: expect.stringContaining('altered') });
    } finally {
      // Put it back, so that no other test meets a broken chain whatever the order.
      await tamper('{"amount": 1}');
    }
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});

describe('npm run audit:verify', () => {
  // It runs the command four times, each a process that starts tsx and opens a database: on a
  // loaded two-core machine that outlasts the default 30 s, and a timed-out test would leave the
  // file's other tests on this one's database (what it swaps in is restored only at its end).
  it('prints OK with the count, then the first broken event once one is altered', { timeout: 180_000 }, async () => {
    // A database of its own, handed to the command as a newcomer would: by environment.
    const original = { url: process.env.DATABASE_URL, dir: process.env.PGLITE_DATA_DIR };
    const env: NodeJS.ProcessEnv = { ...process.env };
    let drop = async () => {};
    if (process.env.TEST_DRIVER === 'postgres') {
      const fresh = await createFreshPostgresDatabase(process.env.TEST_POSTGRES_URL!, 'auditcli');
      env.DATABASE_URL = process.env.DATABASE_URL = fresh.url;
      drop = fresh.drop;
    } else {
      const dir = mkdtempSync(path.join(tmpdir(), 'audit-cli-'));
      delete env.DATABASE_URL;
      env.PGLITE_DATA_DIR = process.env.PGLITE_DATA_DIR = dir;
      drop = async () => rmSync(dir, { recursive: true, force: true });
    }
    const run = (...args: string[]) =>
      spawnSync('./node_modules/.bin/tsx', ['--import', './scripts/server-only-hook.mjs', 'scripts/verify-audit-chain.ts', ...args], {
        env,
        encoding: 'utf8',
      });
    try {
      await closeDatabase();
      await append('cli.one');
      const victim = await append('cli.two');
      await append('cli.three');
      await closeDatabase(); // PGlite's directory has one owner at a time

      const intact = run();
      expect(intact.stdout).toMatch(/^OK: 3 audit events, chain intact/);
      expect(intact.status).toBe(0);

      // A checkpoint taken after a fourth event; then the owner deletes that event.
      await append('cli.four');
      const outcome = await writeCheckpoint({ force: true });
      if (!outcome.written) throw new Error('no checkpoint');
      const checkpointPath = path.join(mkdtempSync(path.join(tmpdir(), 'checkpoint-')), 'checkpoint.json');
      writeFileSync(checkpointPath, JSON.stringify(checkpointFile(outcome.checkpoint)));
      await (await currentOwner()).owner(`${DISABLE_GUARDS} delete from audit_events where action = 'cli.four'; ${ENABLE_GUARDS}`);
      await closeDatabase();
      expect(run().stdout).toMatch(/^OK: 3 audit events/);
      const truncated = run('--checkpoint', checkpointPath);
      expect(truncated.status).toBe(1);
      expect(truncated.stderr).toContain('the database has 3 audit events, the checkpoint covers 4: events were deleted');

      const { owner } = await currentOwner();
      await owner(`${DISABLE_GUARDS} update audit_events set actor_email = 'mallory@example.org' where id = ${victim.id}; ${ENABLE_GUARDS}`);
      await closeDatabase();

      const broken = run();
      expect(broken.status).toBe(1);
      expect(broken.stderr).toContain(`BROKEN at audit event id ${victim.id} (sequence 2)`);
      expect(broken.stderr).toContain('altered');
    } finally {
      await closeDatabase();
      if (original.url) process.env.DATABASE_URL = original.url;
      else delete process.env.DATABASE_URL;
      process.env.PGLITE_DATA_DIR = original.dir;
      await drop();
      // This file's own database again, ready as at start (an in-memory one starts afresh).
      await prepareDatabase();
    }
  });
});
