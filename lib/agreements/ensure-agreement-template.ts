import 'server-only';

import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';

import type { DbOrTx } from '@/db/client';
import { agreementTemplates, type AgreementTemplate } from '@/db/schema';

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Stores a template version if it is not there yet. A version that exists with a different
 * text is an error, never an update: signatures point at versions, so their text is fixed.
 */
export async function ensureAgreementTemplate(
  db: DbOrTx,
  input: { version: number; title: string; body: string },
): Promise<AgreementTemplate> {
  const body = input.body.replace(/\r\n?/g, '\n');
  await db
    .insert(agreementTemplates)
    .values({ version: input.version, title: input.title, body, bodySha256: sha256Hex(body) })
    .onConflictDoNothing({ target: agreementTemplates.version });
  const [stored] = await db.select().from(agreementTemplates).where(eq(agreementTemplates.version, input.version));
  if (!stored) throw new Error(`agreement template v${input.version} could not be stored`);
  if (stored.bodySha256 !== sha256Hex(body)) {
    throw new Error(
      `agreement template v${input.version} already exists with a different text; publish the new text as a new version`,
    );
  }
  return stored;
}
