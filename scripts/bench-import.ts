// npm run bench:import: how long importing accepted papers takes, against the floor of
// PostgreSQL's own bulk load. 10,000 rows as a CSV file, parsed and imported as `npm run
// papers:import` and the editor's import form do (one transaction: validate, compare with what
// the database holds, insert papers and their authors), and the same rows loaded into the same
// tables by `psql \copy` (no validation, no comparison). Then 100,000 rows the same way, which
// must import without error. A fresh PostgreSQL database; the results go into docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';

import './cli-env';

import { closeDatabase, getDatabase } from '@/db/client';
import { importPapers } from '@/lib/papers/import-papers';
import { AUTHOR_SEPARATOR, PAPER_CSV_COLUMNS, parsePapersCsv, type PaperRow } from '@/lib/papers/parse-papers-csv';
import { prepareDatabase } from '@/lib/startup/start-portal';

import { createFreshPostgresDatabase } from '../tests/fresh-test-resources';

import { benchPaperRows } from './bench-papers';
import { machineHeading, writeBenchmarkSection } from './benchmark-report';

const quote = (value: string | number | boolean) => `"${String(value).replace(/"/g, '""')}"`;
const csvLine = (values: (string | number | boolean)[]) => values.map(quote).join(',');

/** The rows as the publisher's CSV file. */
function papersCsv(rows: PaperRow[]): string {
  const lines = rows.map((row) =>
    csvLine([row.volume, row.paperKey, row.title, row.authors.join(AUTHOR_SEPARATOR), row.correspondingAuthorName, row.correspondingAuthorEmail]),
  );
  return `${PAPER_CSV_COLUMNS.join(',')}\n${lines.join('\n')}\n`;
}

async function importFile(csv: string): Promise<{ seconds: number; created: number }> {
  const started = performance.now();
  const parsed = parsePapersCsv(csv);
  if (!parsed.ok) throw new Error(`the benchmark's file does not parse: ${JSON.stringify(parsed.problems.slice(0, 3))}`);
  const { db } = await getDatabase();
  const result = await importPapers(db, parsed.rows, { actor: { userId: null, email: null, source: 'command line' } });
  return { seconds: (performance.now() - started) / 1000, created: result.created };
}

/** The same rows into the same tables with `psql \copy`, in one transaction. */
function copyWithPsql(url: string, volumeId: number, rows: PaperRow[], dir: string): number {
  const paperFile = path.join(dir, 'papers.csv');
  const authorFile = path.join(dir, 'paper_authors.csv');
  const paperLines: string[] = [];
  const authorLines: string[] = [];
  for (const row of rows) {
    const id = randomUUID();
    paperLines.push(
      csvLine([id, volumeId, row.paperKey, row.title, row.correspondingAuthorName, row.correspondingAuthorEmail, row.authors.join(AUTHOR_SEPARATOR)]),
    );
    row.authors.forEach((name, index) => authorLines.push(csvLine([id, index + 1, name, index === 0])));
  }
  writeFileSync(paperFile, `${paperLines.join('\n')}\n`);
  writeFileSync(authorFile, `${authorLines.join('\n')}\n`);
  const started = performance.now();
  const result = spawnSync(
    'psql',
    [
      url,
      '--single-transaction',
      '--set=ON_ERROR_STOP=1',
      '--quiet',
      '-c',
      `\\copy papers (id, volume_id, paper_key, title, corresponding_author_name, corresponding_author_email, author_names) from '${paperFile}' with (format csv)`,
      '-c',
      `\\copy paper_authors (paper_id, position, name, is_corresponding) from '${authorFile}' with (format csv)`,
    ],
    { encoding: 'utf8' },
  );
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`psql \\copy failed: ${result.stderr}`);
  return seconds;
}

async function main() {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('Set DATABASE_URL to a PostgreSQL server; the benchmark creates its own database there.');
  const fresh = await createFreshPostgresDatabase(serverUrl, 'bench');
  process.env.DATABASE_URL = fresh.url;
  const sql = postgres(fresh.url, { max: 1, onnotice: () => {} });
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-import-'));
  try {
    await getDatabase();
    await prepareDatabase();
    const lines: string[] = [];
    for (const size of [10_000, 100_000]) {
      // Each import into a volume of its own, as the editor's first import of a volume is.
      const imported = await importFile(papersCsv(benchPaperRows(size, size)));
      const [counted] = await sql<{ count: number }[]>`
        select count(*)::int as count from papers p join volumes v on v.id = p.volume_id where v.number = ${size}`;
      const count = counted?.count ?? 0;
      if (imported.created !== size || count !== size) throw new Error(`imported ${imported.created} of ${size} rows; the volume holds ${count}`);
      // The floor: the same rows, into the same tables, with their indexes and constraints.
      const [volume] = await sql<{ id: number }[]>`
        insert into volumes (number, name) values (${size + 1}, 'psql copy') returning id`;
      const copy = copyWithPsql(fresh.url, volume!.id, benchPaperRows(size, size), dir);
      lines.push(
        `| ${size.toLocaleString('en')} | ${imported.seconds.toFixed(2)} s | ${copy.toFixed(2)} s | ${(imported.seconds / copy).toFixed(1)}× | ${count.toLocaleString('en')} |`,
      );
      console.log(lines.at(-1));
    }
    const table = [
      await machineHeading('Importing accepted papers (`npm run bench:import`)', serverUrl),
      '',
      'A CSV file of accepted papers (three authors each) into a new volume: parsed, validated and imported in one transaction as `npm run papers:import` and the import form do, against the same rows loaded into the same tables by `psql \\copy` in one transaction (no validation). Every row was counted afterwards.',
      '',
      '| rows | import | `psql \\copy` | ratio | papers in the volume |',
      '| ---: | ---: | ---: | ---: | ---: |',
      ...lines,
    ].join('\n');
    await writeBenchmarkSection('import', table);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await sql.end();
    await closeDatabase();
    await fresh.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
