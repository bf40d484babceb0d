import { getPublishedSealKeys } from '@/lib/evidence/published-seal-keys';

export const dynamic = 'force-dynamic';

/** Every key that has sealed signature records, with when it was in use: enough to check any seal without the portal. */
export async function GET() {
  return Response.json(await getPublishedSealKeys(), { headers: { 'cache-control': 'public, max-age=300' } });
}
