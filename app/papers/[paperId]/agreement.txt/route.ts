import { getDb } from '@/db/client';
import { getPaperAgreement } from '@/lib/agreements/get-paper-agreement';
import { renderSignedText, signedTextDocument, signedTextFilename } from '@/lib/agreements/render-signed-text';
import { requireUser } from '@/lib/auth/authorization';
import { withCurrentUser } from '@/lib/auth/route-handler';
import { NotFoundError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

/** The author's own copy of exactly what they signed, as plain UTF-8 text. */
export const GET = withCurrentUser<{ paperId: string }>(async (user, _request, params) => {
  requireUser(user);
  const agreement = await getPaperAgreement(user, params.paperId);
  if (!agreement?.signature) throw new NotFoundError();
  const signed = await renderSignedText(await getDb(), agreement.signature);
  const filename = signedTextFilename(agreement.paper.paperKey);
  return new Response(signedTextDocument(agreement.signature, signed, filename), {
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'private, no-store',
    },
  });
});
