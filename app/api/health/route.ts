import { checkReadiness } from '@/lib/startup/readiness';

export const dynamic = 'force-dynamic';

/** Readiness for a load balancer: 200 when the portal can serve authors, 503 with the reason when not. */
export async function GET() {
  const readiness = await checkReadiness();
  return Response.json(readiness, {
    status: readiness.status === 'ok' ? 200 : 503,
    headers: { 'cache-control': 'no-store' },
  });
}
