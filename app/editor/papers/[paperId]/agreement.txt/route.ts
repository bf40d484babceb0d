import { getDb } from '@/db/client';
import { renderSignedText, signedTextDocument } from '@/lib/agreements/render-signed-text';
import { getCurrentUser } from '@/lib/auth/current-user';
import { isEditor } from '@/lib/auth/roles';
import { getPaperEvidence } from '@/lib/editor/get-paper-evidence';

export const dynamic = 'force-dynamic';

/** Exactly the text of one of a paper's signatures (?signature=ID, default the newest). Editors only. */
export async function GET(request: Request, props: { params: Promise<{ paperId: string }> }) {
  const user = await getCurrentUser();
  if (!user) return new Response('Please sign in.', { status: 401 });
  if (!isEditor(user)) return new Response('Not found.', { status: 404 });
  const { paperId } = await props.params;
  const evidence = await getPaperEvidence(user, paperId);
  const wanted = new URL(request.url).searchParams.get('signature');
  const signature = wanted
    ? evidence?.signatures.find((candidate) => candidate.id === wanted)
    : evidence?.signatures[0];
  if (!evidence || !signature) return new Response('Not found.', { status: 404 });
  const signed = await renderSignedText(await getDb(), signature);
  return new Response(signedTextDocument(signature, signed), {
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'content-disposition': `inline; filename="agreement-${evidence.paper.paperKey.replace(/[^\w.-]/g, '_')}.txt"`,
      'cache-control': 'private, no-store',
    },
  });
}
