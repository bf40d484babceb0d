// Builders for the rows a test needs, going through the same domain code the product uses.
import { eq, sql } from 'drizzle-orm';

import { getDb } from '@/db/client';
import { parseAgreementFile } from '@/lib/agreements/agreement-file';
import { getAgreementVersion } from '@/lib/agreements/find-agreement-version';
import { readShippedAgreementSource } from '@/lib/agreements/shipped-agreement';
import { users, volumeEditors, volumes } from '@/db/schema';
import { loadUser } from '@/lib/auth/load-user';
import type { CurrentUser } from '@/lib/auth/roles';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { importPapers } from '@/lib/papers/import-papers';
import type { PaperRow } from '@/lib/papers/parse-papers-csv';

let counter = 0;

export function paperRow(overrides: Partial<PaperRow> = {}): PaperRow {
  counter += 1;
  const authors = overrides.authors ?? [`Author ${counter}`, `Co Author ${counter}`];
  return {
    line: counter + 1,
    volume: 900,
    paperKey: `paper${counter}`,
    title: `A Study of Things, Part ${counter}`,
    authors,
    correspondingAuthorName: authors[0]!,
    correspondingAuthorEmail: `author${counter}@example.org`,
    ...overrides,
  };
}

export async function seedPapers(rows: PaperRow[]) {
  return importPapers(await getDb(), rows, {
    volumeNames: { 900: 'Test Volume' },
    actor: { userId: null, email: null, source: 'command line' },
  });
}

/** The test volume (900) that paperRow() uses, or another, created if it is not there yet. */
export async function seedVolume(number = 900, name = 'Test Volume'): Promise<number> {
  const db = await getDb();
  await db
    .insert(volumes)
    .values({ number, name, agreementVersion: sql`(select max(version) from agreement_templates)` })
    .onConflictDoNothing({ target: volumes.number });
  const [volume] = await db.select({ id: volumes.id }).from(volumes).where(eq(volumes.number, number));
  return volume!.id;
}

/**
 * A user as the portal loads them. 'editor' is an editor of the test volume 900 (or of the
 * volumes given); 'admin' an admin; 'author' anyone else.
 */
export async function seedUser(
  email: string,
  role: 'author' | 'admin' | 'editor' = 'author',
  editorOfVolumes: number[] = [900],
): Promise<CurrentUser> {
  const db = await getDb();
  const dbRole = role === 'admin' ? 'admin' : 'author';
  // As the admin actions do it: a role or a volume comes with its audit event (the database insists).
  const row = await db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ email })
      .onConflictDoUpdate({ target: users.email, set: { email } })
      .returning({ id: users.id, role: users.role });
    if (user!.role !== dbRole) {
      await appendAuditEvent(tx, {
        action: dbRole === 'admin' ? 'admin.granted' : 'admin.revoked',
        details: { userId: user!.id, email },
      });
      await tx.update(users).set({ role: dbRole }).where(eq(users.id, user!.id));
    }
    return user;
  });
  if (role === 'editor') {
    for (const number of editorOfVolumes) {
      const volumeId = await seedVolume(number, number === 900 ? 'Test Volume' : `Test Volume ${number}`);
      await db.transaction(async (tx) => {
        const [added] = await tx
          .insert(volumeEditors)
          .values({ volumeId, userId: row!.id })
          .onConflictDoNothing()
          .returning();
        if (added) {
          await appendAuditEvent(tx, {
            action: 'editor.added',
            volumeId,
            details: { editorUserId: row!.id, editorEmail: email, volume: number },
          });
        }
      });
    }
  }
  return (await loadUser(row!.id))!;
}

/** Version 1, as the first start publishes it (tests/setup-database.ts prepares every database). */
export async function seedAgreementTemplate() {
  return (await getAgreementVersion(await getDb(), 1))!;
}

export const ALL_ACKNOWLEDGEMENTS = [
  'authority',
  'licence-cc-by',
  'warranty-original',
  'warranty-sole-authors',
  'warranty-no-infringement',
  'indemnity',
  'electronic-signature',
];

export const testRequestContext = {
  ipAddress: '203.0.113.7',
  userAgent: 'Vitest/4 (integration test)',
  sessionIdHash: 'a'.repeat(64),
};

/** Signs a paper as its corresponding author, through the real domain function. */
export async function signPaperAs(email: string, paperId: string, typedName = 'Test Signer') {
  const { signAgreement } = await import('@/lib/agreements/sign-agreement');
  const user = await seedUser(email);
  const result = await signAgreement({
    user,
    paperId,
    typedName,
    acknowledged: ALL_ACKNOWLEDGEMENTS,
    context: testRequestContext,
  });
  if (!result.ok) throw new Error(`could not sign: ${result.message}`);
  return result.signature;
}

/** The shipped agreement file, parsed (what the first start publishes as version 1). */
export async function readShippedAgreement() {
  const parsed = parseAgreementFile(await readShippedAgreementSource());
  if (!parsed.ok) throw new Error(`shipped agreement invalid: ${JSON.stringify(parsed.problems)}`);
  return parsed.agreement;
}
