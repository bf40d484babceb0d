import { sql } from 'drizzle-orm';

import { getDatabase } from '@/db/client';

export const dynamic = 'force-dynamic';

/** 200 with the driver when the database answers, 503 when it does not. */
export async function GET() {
  try {
    const { db, driver } = await getDatabase();
    await db.execute(sql`select 1`);
    return Response.json({ status: 'ok', database: driver });
  } catch (error) {
    console.error('health check failed:', error instanceof Error ? error.message : error);
    return Response.json({ status: 'unavailable', database: 'unreachable' }, { status: 503 });
  }
}
