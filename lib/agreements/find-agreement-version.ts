import 'server-only';

import { desc, eq } from 'drizzle-orm';

import type { DbOrTx } from '@/db/client';
import { agreementTemplates, type AgreementTemplate } from '@/db/schema';

/** A published agreement version by its number; null if there is none. */
export async function getAgreementVersion(db: DbOrTx, version: number): Promise<AgreementTemplate | null> {
  const [template] = await db.select().from(agreementTemplates).where(eq(agreementTemplates.version, version));
  return template ?? null;
}

/** The newest published version; null on a database where none is published yet. */
export async function latestAgreementVersion(db: DbOrTx): Promise<AgreementTemplate | null> {
  const [latest] = await db.select().from(agreementTemplates).orderBy(desc(agreementTemplates.version)).limit(1);
  return latest ?? null;
}
