import { getDb } from '@/db/client';
import { renderSignedText, signedTextDocument, signedTextFilename } from '@/lib/agreements/render-signed-text';
import { withCurrentUser } from '@/lib/auth/route-handler';
import { getPaperEvidence } from '@/lib/editor/get-paper-evidence';
import { NotFoundError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

/** Exactly the text of one of a paper's signatures (?signature=ID, default the newest). Its volume's editors only. */
export const GET = withCurrentUser<{ paperId: string }>(async (user, request, params) => {
  const evidence = await getPaperEvidence(user, params.paperId);
  const wanted = new URL(request.url).searchParams.get('signature');
  const signature = wanted
    ? evidence.signatures.find((candidate) => candidate.id === wanted)
    : evidence.signatures[0];
  if (!signature) throw new NotFoundError();
  const signed = await renderSignedText(await getDb(), signature);
  const filename = signedTextFilename(evidence.paper.paperKey);
  return new Response(signedTextDocument(signature, signed, filename), {
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'content-disposition': `inline; filename="${filename}"`,
      'cache-control': 'private, no-store',
    },
  });
});
