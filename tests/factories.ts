// Builders for the rows a test needs, going through the same domain code the product uses.
import { eq } from 'drizzle-orm';

import { getDb } from '@/db/client';
import { readAgreementVersion1 } from '@/db/seed-data/agreement-v1';
import { ensureAgreementTemplate } from '@/lib/agreements/ensure-agreement-template';
import { users, type UserRole } from '@/db/schema';
import type { CurrentUser } from '@/lib/auth/roles';
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
  return importPapers(await getDb(), rows, { volumeNames: { 900: 'Test Volume' } });
}

export async function seedUser(email: string, role: UserRole = 'author'): Promise<CurrentUser> {
  const db = await getDb();
  await db.insert(users).values({ email, role }).onConflictDoUpdate({ target: users.email, set: { role } });
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(users)
    .where(eq(users.email, email));
  return user!;
}

export async function seedAgreementTemplate() {
  return ensureAgreementTemplate(await getDb(), await readAgreementVersion1());
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
