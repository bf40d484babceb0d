// npm run papers:import -- FILE.csv [--volume-name "AISTATS 2022"] [--confirm-signed-moves]
import { parseArgs } from 'node:util';

import { getDatabase } from '@/db/client';
import { countOf } from '@/lib/format/plural';
import { sha256Hex } from '@/lib/crypto/sha256';
import { SignedPaperMoveNotConfirmed, importPapers } from '@/lib/papers/import-papers';
import { parsePapersCsv } from '@/lib/papers/parse-papers-csv';
import { prepareDatabase } from '@/lib/startup/start-portal';

import { readInputFile, runCli } from './run-cli';

const usage = 'usage: npm run papers:import -- FILE.csv [--volume-name "AISTATS 2022"] [--confirm-signed-moves]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'volume-name': { type: 'string' },
      'confirm-signed-moves': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals.length !== 1) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const file = positionals[0]!;

  const content = await readInputFile(file);
  if (!content) return 1;

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
  let result: Awaited<ReturnType<typeof importPapers>>;
  try {
    result = await importPapers(db, parsed.rows, {
      volumeNames,
      actor: { userId: null, email: null, source: 'command line', importId: sha256Hex(content) },
      confirmSignedMoves: values['confirm-signed-moves'] === true,
    });
  } catch (error) {
    if (!(error instanceof SignedPaperMoveNotConfirmed)) throw error;
    console.error(
      `${file} was not imported; nothing was written. It gives signed papers another corresponding author or email:`,
    );
    for (const change of error.changes) {
      console.error(
        `  line ${change.row.line}: ${change.row.paperKey} signed by ${change.signature!.signerEmail}: ` +
          `${change.before.correspondingAuthorEmail} → ${change.row.correspondingAuthorEmail}`,
      );
    }
    console.error(
      'The signer keeps access to what they signed. If this is intended, run again with --confirm-signed-moves.',
    );
    return 1;
  }
  console.log(
    `Imported ${file} into ${driver}: ${result.created} new, ${result.updated} updated, ` +
      `${result.unchanged} unchanged` +
      (result.volumesCreated ? `, ${countOf(result.volumesCreated, 'new volume')}` : '') +
      '.',
  );
  return 0;
}

runCli(main);
