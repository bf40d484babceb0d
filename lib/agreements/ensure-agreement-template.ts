import 'server-only';

import { eq } from 'drizzle-orm';

import type { DbOrTx } from '@/db/client';
import { agreementTemplates, type Acknowledgement, type AgreementTemplate } from '@/db/schema';
import { sha256Hex } from '@/lib/crypto/sha256';

/**
 * Stores a template version if it is not there yet. A version that exists with a different
 * text or acknowledgements is an error, never an update: signatures point at versions.
 */
export async function ensureAgreementTemplate(
  db: DbOrTx,
  input: { version: number; title: string; body: string; acknowledgements: Acknowledgement[] },
): Promise<AgreementTemplate> {
  const body = input.body.replace(/\r\n?/g, '\n').normalize('NFC');
  await db
    .insert(agreementTemplates)
    .values({
      version: input.version,
      title: input.title,
      body,
      bodySha256: sha256Hex(body),
      acknowledgements: input.acknowledgements,
    })
    .onConflictDoNothing({ target: agreementTemplates.version });
  const [stored] = await db.select().from(agreementTemplates).where(eq(agreementTemplates.version, input.version));
  if (!stored) throw new Error(`agreement template v${input.version} could not be stored`);
  if (
    stored.bodySha256 !== sha256Hex(body) ||
    canonical(stored.acknowledgements) !== canonical(input.acknowledgements)
  ) {
    throw new Error(
      `agreement template v${input.version} already exists with a different text; publish the new text as a new version`,
    );
  }
  return stored;
}

// jsonb does not keep key order, so compare field by field.
const canonical = (acknowledgements: Acknowledgement[]) =>
  JSON.stringify(acknowledgements.map(({ id, clause, text }) => [id, clause, text]));
