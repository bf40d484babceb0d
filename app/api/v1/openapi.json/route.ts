import { openApiDocument } from '@/lib/api/openapi';

export const dynamic = 'force-dynamic';

/** The API's description: public, like any API documentation (it holds no data). */
export function GET(): Response {
  return Response.json(openApiDocument(), { headers: { 'cache-control': 'public, max-age=300' } });
}
