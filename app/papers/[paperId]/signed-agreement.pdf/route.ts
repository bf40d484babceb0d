import { getCurrentUser } from '@/lib/auth/current-user';
import { getSignatureDocument } from '@/lib/evidence/get-signature-document';

export const dynamic = 'force-dynamic';

/** The signed agreement PDF, byte for byte as produced at signing. */
export async function GET(_request: Request, props: { params: Promise<{ paperId: string }> }) {
  const { paperId } = await props.params;
  const user = await getCurrentUser();
  if (!user) return new Response('Please sign in.', { status: 401 });
  const document = await getSignatureDocument(user, paperId);
  if (!document) return new Response('Not found.', { status: 404 });
  return new Response(Buffer.from(document.pdf), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="signed-agreement-${document.paperKey.replace(/[^\w.-]/g, '_')}.pdf"`,
      'cache-control': 'private, no-store',
      etag: `"${document.pdfSha256}"`,
    },
  });
}
