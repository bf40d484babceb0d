import 'server-only';

import { inArray } from 'drizzle-orm';

import type { DbOrTx } from '@/db/client';
import { volumes } from '@/db/schema';
import { mayEditVolume, type CurrentUser } from '@/lib/auth/roles';
import type { CsvProblem, PaperRow } from '@/lib/papers/parse-papers-csv';

/**
 * An editor imports only into the volumes they edit; only an admin may create a volume by
 * importing. One problem per refused volume, at the first line that names it. The message is
 * the same for a volume that exists and one that does not: no hint about other volumes.
 */
export async function importScopeProblems(db: DbOrTx, user: CurrentUser, rows: PaperRow[]): Promise<CsvProblem[]> {
  const numbers = [...new Set(rows.map((row) => row.volume))];
  if (user.isAdmin || numbers.length === 0) return [];
  const found = await db.select({ id: volumes.id, number: volumes.number }).from(volumes).where(inArray(volumes.number, numbers));
  const allowed = new Set(found.filter((volume) => mayEditVolume(user, volume.id)).map((volume) => volume.number));
  return numbers
    .filter((number) => !allowed.has(number))
    .map((number) => {
      const lines = rows.filter((row) => row.volume === number).map((row) => row.line);
      return {
        line: lines[0]!,
        message: `volume ${number} is not one of your volumes (${lines.length === 1 ? 'this line' : `${lines.length} lines`}); ask an admin to make you its editor, or to create it`,
      };
    });
}
