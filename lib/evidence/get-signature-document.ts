import 'server-only';

import { and, eq, or } from 'drizzle-orm';

import { getDb } from '@/db/client';
import { papers, signatureDocuments, signatures } from '@/db/schema';
import { isActiveSignature } from '@/lib/agreements/active-signature';
import { isUuid } from '@/lib/uuid';
import { editableVolumes } from '@/lib/auth/authorization';
import type { CurrentUser } from '@/lib/auth/roles';

/**
 * The stored signed-agreement PDF of a paper's active signature, for the person who signed it
 * (by user id: an import that changes the corresponding author does not hand it to the new
 * address) or an editor of its volume; null for anyone else (indistinguishable from a missing one).
 */
export async function getSignatureDocument(
  user: CurrentUser | null,
  paperId: string,
): Promise<{ pdf: Uint8Array; pdfSha256: string; paperKey: string } | null> {
  if (!user || !isUuid(paperId)) return null;
  const db = await getDb();
  const [row] = await db
    .select({ pdf: signatureDocuments.pdf, pdfSha256: signatureDocuments.pdfSha256, paperKey: papers.paperKey })
    .from(signatures)
    .innerJoin(papers, eq(papers.id, signatures.paperId))
    .innerJoin(signatureDocuments, eq(signatureDocuments.signatureId, signatures.id))
    .where(
      and(
        eq(signatures.paperId, paperId),
        isActiveSignature(),
        // The signer by user id (not whoever is corresponding author now), or the volume's editors.
        or(eq(signatures.userId, user.id), editableVolumes(user, papers.volumeId)),
      ),
    );
  return row ?? null;
}
