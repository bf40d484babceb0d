// npm run papers:published -- FILE.csv [--dry-run]
// The file: volume,paper_key,published_on,url. All or nothing; a second run changes nothing.
import { parseArgs } from 'node:util';

import { getDatabase } from '@/db/client';
import { countOf } from '@/lib/format/plural';
import { parsePublicationCsv } from '@/lib/publication/parse-publication-csv';
import { applyPublicationRows } from '@/lib/publication/record-publication';
import { prepareDatabase } from '@/lib/startup/start-portal';

import { readInputFile, runCli } from './run-cli';

const usage = 'usage: npm run papers:published -- FILE.csv [--dry-run]   (columns: volume,paper_key,published_on,url)';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals.length !== 1) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const file = positionals[0]!;
  const content = await readInputFile(file);
  if (!content) return 1;
  const parsed = parsePublicationCsv(content);
  if (!parsed.ok) {
    console.error(`${file} was not recorded; nothing was written. Fix these problems and run again:`);
    for (const problem of parsed.problems) console.error(`  line ${problem.line}: ${problem.message}`);
    return 1;
  }
  const { driver } = await getDatabase();
  await prepareDatabase();
  const dryRun = values['dry-run'] === true;
  const plan = await applyPublicationRows(parsed.rows, { user: null, context: null, source: 'command line' }, { dryRun });
  if (plan.problems.length > 0) {
    console.error(`${file} was not recorded; nothing was written. Fix these problems and run again:`);
    for (const problem of plan.problems) console.error(`  line ${problem.line}: ${problem.message}`);
    return 1;
  }
  for (const change of plan.toChange) {
    console.log(`  line ${change.line}: ${change.volume}/${change.paperKey} published ${change.after.publishedOn} at ${change.after.url}`);
  }
  console.log(
    `${dryRun ? 'Would record' : 'Recorded'} ${file} in ${driver}: ${countOf(plan.toChange.length, 'paper')} published, ${plan.unchanged} unchanged.`,
  );
  return 0;
}

runCli(main);
