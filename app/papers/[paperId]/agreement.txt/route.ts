import { getDb } from '@/db/client';
import { getPaperAgreement } from '@/lib/agreements/get-paper-agreement';
import { renderSignedText, signedTextDocument } from '@/lib/agreements/render-signed-text';
import { getCurrentUser } from '@/lib/auth/current-user';

export const dynamic = 'force-dynamic';

/** The author's own copy of exactly what they signed, as plain UTF-8 text. */
export async function GET(_request: Request, props: { params: Promise<{ paperId: string }> }) {
  const { paperId } = await props.params;
  const user = await getCurrentUser();
  if (!user) return new Response('Please sign in.', { status: 401 });
  const agreement = await getPaperAgreement(user, paperId);
  if (!agreement?.signature) return new Response('Not found.', { status: 404 });
  const signed = await renderSignedText(await getDb(), agreement.signature);
  return textDownload(signedTextDocument(agreement.signature, signed), `agreement-${agreement.paper.paperKey}.txt`);
}

function textDownload(body: string, filename: string) {
  return new Response(body, {
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'content-disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
      'cache-control': 'private, no-store',
    },
  });
}
