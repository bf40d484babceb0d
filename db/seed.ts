// npm run db:seed: the demo data. Safe to run again: it changes nothing the second time.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { closeDatabase, getDatabase } from '@/db/client';
import { ensureAgreementTemplate } from '@/lib/agreements/ensure-agreement-template';
import { importPapers } from '@/lib/papers/import-papers';
import { parsePapersCsv } from '@/lib/papers/parse-papers-csv';

import { readAgreementVersion1 } from './seed-data/agreement-v1';
import { users } from './schema';

export const DEMO_EDITOR_EMAIL = 'editor@example.org';
export const DEMO_AUTHOR_EMAIL = 'a.mohtashami@example.com';
const seedData = path.join(process.cwd(), 'db', 'seed-data');

async function main() {
  const { db, driver } = await getDatabase();

  const template = await ensureAgreementTemplate(db, await readAgreementVersion1());

  const parsed = parsePapersCsv(await readFile(path.join(seedData, 'pmlr-v151-aistats2022.csv')));
  if (!parsed.ok) throw new Error(`seed CSV is invalid: ${JSON.stringify(parsed.problems.slice(0, 5))}`);
  const result = await importPapers(db, parsed.rows, { volumeNames: { 151: 'AISTATS 2022' } });

  await db
    .insert(users)
    .values({ email: DEMO_EDITOR_EMAIL, name: 'Demo Editor', role: 'editor' })
    .onConflictDoUpdate({ target: users.email, set: { role: 'editor' } });

  console.log(
    `Seeded ${driver}: agreement v${template.version}, volume 151 (${result.created} new, ` +
      `${result.unchanged} unchanged papers), editor ${DEMO_EDITOR_EMAIL}.`,
  );
}

main()
  .then(closeDatabase)
  .catch(async (error: unknown) => {
    console.error(error);
    await closeDatabase();
    process.exit(1);
  });
