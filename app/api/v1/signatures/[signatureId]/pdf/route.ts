import { apiError, withApiToken } from '@/lib/auth/api-route';
import { getPipelineSignaturePdf } from '@/lib/api/pipeline-papers';

export const dynamic = 'force-dynamic';

/** The sealed signed-agreement PDF of an active signature, byte for byte as stored at signing. */
export const GET = withApiToken<{ signatureId: string }>(async (principal, _request, params) => {
  const document = await getPipelineSignaturePdf(principal, params.signatureId);
  if (!document) return apiError(404, 'not_found', 'Not found.');
  return new Response(Buffer.from(document.pdf), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${document.paperKey}-signed-agreement.pdf"`,
      'x-content-sha256': document.pdfSha256,
      'cache-control': 'no-store',
    },
  });
});
