// What every benchmark does with its numbers: a heading naming the machine, and its section of
// docs/benchmarks.md (between <!-- bench:NAME --> markers) replaced, or added at the end.
import { cpus } from 'node:os';
import { readFile, writeFile } from 'node:fs/promises';

import postgres from 'postgres';

/** "## Title, 2 cores, Node 20.20, PostgreSQL 15.20, 1 December 2026". */
export async function machineHeading(title: string, serverUrl: string): Promise<string> {
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const [version] = await sql<{ server_version: string }[]>`show server_version`;
  await sql.end();
  const date = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date());
  const node = process.versions.node.split('.').slice(0, 2).join('.');
  return `## ${title}, ${cpus().length} cores, Node ${node}, PostgreSQL ${version?.server_version.split(' ')[0]}, ${date}`;
}

/** Prints the table and writes it into docs/benchmarks.md as the section `bench:<name>`. */
export async function writeBenchmarkSection(name: string, table: string): Promise<void> {
  console.log(`\n${table}\n`);
  const docs = await readFile('docs/benchmarks.md', 'utf8');
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const section = `${start}\n${table}\n${end}`;
  await writeFile('docs/benchmarks.md', docs.includes(start) ? docs.replace(new RegExp(`${start}[\\s\\S]*${end}`), () => section) : `${docs.trimEnd()}\n\n${section}\n`);
  console.log('Written to docs/benchmarks.md.');
}
