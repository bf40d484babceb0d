import { sql } from 'drizzle-orm';

import { queryRows, type DbOrTx } from './client';

/**
 * The database's clock (transaction time), to the millisecond: what a JavaScript Date, a
 * hash or a seal can carry exactly. Evidence uses this, never the web server's clock.
 */
export async function databaseNow(db: DbOrTx): Promise<Date> {
  const [row] = queryRows<{ now: string }>(
    await db.execute(sql`select to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as now`),
  );
  return new Date(row!.now);
}
