import { apiError, withApiToken } from '@/lib/auth/api-route';
import { listPipelinePapers, pageQuerySchema, pipelineCsvStream } from '@/lib/api/pipeline-papers';

export const dynamic = 'force-dynamic';

/**
 * A volume's papers for the proceedings pipeline: JSON a page at a time (?limit, ?cursor), or the
 * whole volume as CSV (?format=csv, or Accept: text/csv), streamed. API tokens only.
 */
export const GET = withApiToken<{ volume: string }>(async (principal, request, params) => {
  const url = new URL(request.url);
  const wantsCsv = url.searchParams.get('format') === 'csv' || (request.headers.get('accept') ?? '').startsWith('text/csv');
  const volumeNumber = /^[0-9]{1,9}$/.test(params.volume) ? Number(params.volume) : -1;
  if (wantsCsv) {
    return new Response(await pipelineCsvStream(principal, volumeNumber), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="pmlr-v${volumeNumber}-papers.csv"`,
        'cache-control': 'no-store',
      },
    });
  }
  const query = pageQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) return apiError(400, 'invalid_request', query.error.issues[0]!.message);
  const page = await listPipelinePapers(principal, volumeNumber, query.data);
  return Response.json(
    {
      volume: {
        number: page.volume.number,
        name: page.volume.name,
        agreementVersion: page.volume.agreementVersion,
        signingDeadline: page.volume.signingDeadline,
        publishedOn: page.volume.publishedOn,
        proceedingsUrl: page.volume.proceedingsUrl,
      },
      papers: page.papers,
      nextCursor: page.nextCursor,
    },
    { headers: { 'cache-control': 'no-store' } },
  );
});
