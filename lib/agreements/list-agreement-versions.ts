import 'server-only';

import { count, desc, eq } from 'drizzle-orm';

import { getDb } from '@/db/client';
import { agreementTemplates, users, volumes } from '@/db/schema';
import { requireAdmin, requireEditor } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/roles';

/** Published version numbers, newest first (for choosing one). Editors and admins. */
export async function latestAgreementVersionNumbers(user: CurrentUser | null): Promise<number[]> {
  requireEditor(user);
  const db = await getDb();
  const rows = await db.select({ version: agreementTemplates.version }).from(agreementTemplates).orderBy(desc(agreementTemplates.version));
  return rows.map((row) => row.version);
}

/** Every published version with who published it and how many volumes use it. Admins only. */
export async function listAgreementVersions(admin: CurrentUser | null) {
  requireAdmin(admin);
  const db = await getDb();
  return db
    .select({
      version: agreementTemplates.version,
      title: agreementTemplates.title,
      bodySha256: agreementTemplates.bodySha256,
      createdAt: agreementTemplates.createdAt,
      publishedBy: users.email,
      volumeCount: count(volumes.id),
    })
    .from(agreementTemplates)
    .leftJoin(users, eq(users.id, agreementTemplates.publishedByUserId))
    .leftJoin(volumes, eq(volumes.agreementVersion, agreementTemplates.version))
    .groupBy(agreementTemplates.id, users.email)
    .orderBy(desc(agreementTemplates.version));
}
