import { sql } from 'drizzle-orm';

import { queryRows, type DbOrTx } from './client';

/**
 * The database's clock (transaction time), to the millisecond: what a JavaScript Date, a
 * hash or a seal can carry exactly. Evidence uses this, never the web server's clock.
 */
export async function databaseNow(db: DbOrTx): Promise<Date> {
  const [row] = queryRows<{ now: string }>(await db.execute(sql`select ${DATABASE_NOW} as now`));
  return new Date(row!.now);
}

/** The same, as an expression to read with other columns: ISO 8601 text, to give to new Date(). */
export const DATABASE_NOW = sql`to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
