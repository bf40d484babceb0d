// npm run papers:import -- FILE.csv [--volume-name "AISTATS 2022"]
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

import { getDatabase } from '@/db/client';
import { countOf } from '@/lib/format/plural';
import { importPapers } from '@/lib/papers/import-papers';
import { parsePapersCsv } from '@/lib/papers/parse-papers-csv';
import { prepareDatabase } from '@/lib/startup/start-portal';

import { runCli } from './run-cli';

const usage = 'usage: npm run papers:import -- FILE.csv [--volume-name "AISTATS 2022"]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'volume-name': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals.length !== 1) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const file = positionals[0]!;

  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (error) {
    console.error(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    return 1;
  }

  const parsed = parsePapersCsv(content);
  if (!parsed.ok) {
    console.error(`${file} was not imported; nothing was written. Fix these problems and run again:`);
    for (const problem of parsed.problems) console.error(`  line ${problem.line}: ${problem.message}`);
    return 1;
  }

  const { db, driver } = await getDatabase();
  // An empty database gets the shipped agreement first, so new volumes have a version to sign.
  await prepareDatabase();
  const volumeName = values['volume-name'];
  const volumeNames = volumeName ? Object.fromEntries(parsed.rows.map((row) => [row.volume, volumeName])) : {};
  const result = await importPapers(db, parsed.rows, { volumeNames });
  console.log(
    `Imported ${file} into ${driver}: ${result.created} new, ${result.updated} updated, ` +
      `${result.unchanged} unchanged` +
      (result.volumesCreated ? `, ${countOf(result.volumesCreated, 'new volume')}` : '') +
      '.',
  );
  return 0;
}

runCli(main);
