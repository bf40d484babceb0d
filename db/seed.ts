// npm run db:seed: the demo data. Safe to run again: it changes nothing the second time.
import '../scripts/cli-env';

import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { eq } from 'drizzle-orm';

import { closeDatabase, getDatabase } from '@/db/client';
import { importPapers } from '@/lib/papers/import-papers';
import { parsePapersCsv } from '@/lib/papers/parse-papers-csv';
import { prepareDatabase } from '@/lib/startup/start-portal';

import { appendAuditEvent } from '@/lib/audit/append-audit-event';

import { users, volumeEditors, volumes } from './schema';

export const DEMO_EDITOR_EMAIL = 'editor@example.org';
export const DEMO_ADMIN_EMAIL = 'admin@example.org';
export const DEMO_AUTHOR_EMAIL = 'a.mohtashami@example.com';
const seedData = path.join(process.cwd(), 'db', 'seed-data');

async function main() {
  const { db, driver } = await getDatabase();
  // As on any first start: migrations, the key ring, and the shipped agreement (version 1).
  await prepareDatabase();

  const parsed = parsePapersCsv(await readFile(path.join(seedData, 'pmlr-v151-aistats2022.csv')));
  if (!parsed.ok) throw new Error(`seed CSV is invalid: ${JSON.stringify(parsed.problems.slice(0, 5))}`);
  const result = await importPapers(db, parsed.rows, {
    volumeNames: { 151: 'AISTATS 2022' },
    actor: { userId: null, email: null, source: 'command line' },
  });

  // Roles as the admin actions grant them: each with its audit event (the database insists).
  await db.transaction(async (tx) => {
    const [admin] = await tx
      .insert(users)
      .values({ email: DEMO_ADMIN_EMAIL, name: 'Demo Admin' })
      .onConflictDoUpdate({ target: users.email, set: { email: DEMO_ADMIN_EMAIL } })
      .returning({ id: users.id, role: users.role });
    if (admin!.role !== 'admin') {
      await appendAuditEvent(tx, {
        action: 'admin.granted',
        actorEmail: 'npm run db:seed',
        details: { userId: admin!.id, email: DEMO_ADMIN_EMAIL },
      });
      await tx.update(users).set({ role: 'admin' }).where(eq(users.id, admin!.id));
    }
    const [editor] = await tx
      .insert(users)
      .values({ email: DEMO_EDITOR_EMAIL, name: 'Demo Editor' })
      .onConflictDoUpdate({ target: users.email, set: { email: DEMO_EDITOR_EMAIL } })
      .returning({ id: users.id });
    const [volume151] = await tx.select({ id: volumes.id }).from(volumes).where(eq(volumes.number, 151));
    const [added] = await tx
      .insert(volumeEditors)
      .values({ volumeId: volume151!.id, userId: editor!.id })
      .onConflictDoNothing()
      .returning();
    if (added) {
      await appendAuditEvent(tx, {
        action: 'editor.added',
        actorEmail: 'npm run db:seed',
        volumeId: volume151!.id,
        details: { editorUserId: editor!.id, editorEmail: DEMO_EDITOR_EMAIL, volume: 151 },
      });
    }
  });

  console.log(
    `Seeded ${driver}: volume 151 (${result.created} new, ${result.unchanged} unchanged papers), ` +
      `editor of volume 151 ${DEMO_EDITOR_EMAIL}, admin ${DEMO_ADMIN_EMAIL}.`,
  );
}

main()
  .then(closeDatabase)
  .catch(async (error: unknown) => {
    console.error(error);
    await closeDatabase();
    process.exit(1);
  });
