import { sql } from 'drizzle-orm';

import { signatures } from '@/db/schema';

/** SQL condition: this `signatures` row has not been voided. */
export function isActiveSignature() {
  return sql`not exists (select 1 from signature_voids where signature_voids.signature_id = ${signatures.id})`;
}
