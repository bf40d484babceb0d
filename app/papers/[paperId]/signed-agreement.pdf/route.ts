import { requireUser } from '@/lib/auth/authorization';
import { withCurrentUser } from '@/lib/auth/route-handler';
import { NotFoundError } from '@/lib/errors';
import { getSignatureDocument } from '@/lib/evidence/get-signature-document';

export const dynamic = 'force-dynamic';

/** The signed agreement PDF, byte for byte as produced at signing: for its author and its volume's editors. */
export const GET = withCurrentUser<{ paperId: string }>(async (user, _request, params) => {
  requireUser(user);
  const document = await getSignatureDocument(user, params.paperId);
  if (!document) throw new NotFoundError();
  return new Response(Buffer.from(document.pdf), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="signed-agreement-${document.paperKey.replace(/[^\w.-]/g, '_')}.pdf"`,
      'cache-control': 'private, no-store',
      etag: `"${document.pdfSha256}"`,
    },
  });
});
