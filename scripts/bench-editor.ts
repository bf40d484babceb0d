// npm run bench:editor: how fast the editor's volume page and CSV export are for a volume of
// 1,000 and one of 50,000 papers, over HTTP against `next start` on PostgreSQL.
// Prints median and p95 of 50 requests each. A benchmark, not a test: it asserts nothing.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';

import './cli-env';

import { closeDatabase, getDatabase } from '@/db/client';
import { prepareDatabase } from '@/lib/startup/start-portal';
import { importPapers } from '@/lib/papers/import-papers';
import type { PaperRow } from '@/lib/papers/parse-papers-csv';

import { createFreshPostgresDatabase } from '../tests/fresh-test-resources';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 50);
const PORT = Number(process.env.BENCH_PORT ?? 3300);
const SIZES = [
  { volume: 1001, papers: 1_000 },
  { volume: 1002, papers: 50_000 },
];

function rowsFor(volume: number, papers: number): PaperRow[] {
  return Array.from({ length: papers }, (_, index) => {
    const n = index + 1;
    const authors = [`Author ${volume}-${n}`, `Second Author ${n % 97}`, `Third Author ${n % 89}`];
    return {
      line: n + 1,
      volume,
      paperKey: `paper${String(n).padStart(6, '0')}`,
      title: `On the Benchmarking of Things, Part ${n}`,
      authors,
      correspondingAuthorName: authors[0]!,
      correspondingAuthorEmail: `author${n}@v${volume}.example.org`,
    };
  });
}

async function time(url: string, cookie: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { headers: { cookie } });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return performance.now() - started;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

async function main() {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('Set DATABASE_URL to a PostgreSQL server; the benchmark creates its own database there.');
  if (!existsSync('.next/BUILD_ID')) {
    console.log('No production build yet: running next build…');
    if (spawnSync('./node_modules/.bin/next', ['build'], { stdio: 'inherit' }).status !== 0) throw new Error('build failed');
  }

  const fresh = await createFreshPostgresDatabase(serverUrl, 'bench');
  process.env.DATABASE_URL = fresh.url;
  const sql = postgres(fresh.url, { max: 2, onnotice: () => {} });
  let server: ReturnType<typeof spawn> | undefined;
  try {
    const { db } = await getDatabase();
    await prepareDatabase();
    for (const size of SIZES) {
      const started = performance.now();
      await importPapers(db, rowsFor(size.volume, size.papers), {
        volumeNames: { [size.volume]: `Bench ${size.papers}` },
        actor: { userId: null, email: null, source: 'command line' },
      });
      console.log(`seeded volume ${size.volume}: ${size.papers} papers in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    await closeDatabase();

    // A third of the papers signed, so the status join has work to do.
    const [editor] = await sql<{ id: string }[]>`
      insert into users (id, email, role) values (${crypto.randomUUID()}, 'bench-editor@example.org', 'admin') returning id`;
    // Rows for the page to count, not evidence: their seals are placeholders (audit:verify would say so).
    await sql`
      insert into signatures (paper_id, user_id, signer_email, typed_name, name_on_record, template_version,
        text_sha256, title_at_signing, authors_at_signing, proceedings_at_signing, agreed_clause_ids, auth_method,
        seal, seal_key_id, pdf_sha256)
      select p.id, ${editor!.id}, p.corresponding_author_email, p.corresponding_author_name, p.corresponding_author_name, 1,
        encode(sha256(p.id::text::bytea), 'hex'), p.title, '[]'::jsonb, 'bench', '[]'::jsonb, 'email-magic-link',
        'bench-placeholder', 'bench', encode(sha256(p.id::text::bytea), 'hex')
      from papers p where (hashtext(p.paper_key) % 3) = 0`;
    await sql`analyze`;
    const token = randomBytes(32).toString('hex');
    await sql`insert into sessions (session_token, user_id, expires) values (${token}, ${editor!.id}, now() + interval '1 day')`;
    const cookie = `authjs.session-token=${token}`;

    server = spawn('./node_modules/.bin/next', ['start', '-p', String(PORT)], {
      env: {
        ...process.env,
        DATABASE_URL: fresh.url,
        AUTH_SECRET: randomBytes(32).toString('base64url'),
        AUTH_URL: `http://localhost:${PORT}`,
        // A local measurement: owner role, http and console mail are fine here.
        DEMO: '1',
      },
      stdio: 'ignore',
    });
    const base = `http://localhost:${PORT}`;
    for (let attempt = 0; ; attempt += 1) {
      const ok = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
      if (ok) break;
      if (attempt > 120) throw new Error('next start did not come up');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    const results: { what: string; papers: number; median: number; p95: number }[] = [];
    for (const size of SIZES) {
      for (const [what, path] of [
        ['volume page', `/editor/volumes/${size.volume}`],
        ['volume page, search + sort', `/editor/volumes/${size.volume}?q=part+4&status=awaiting&sort=title&dir=desc&page=2`],
        ['CSV export', `/editor/volumes/${size.volume}/export.csv`],
      ] as const) {
        await time(`${base}${path}`, cookie); // warm-up, not counted
        const samples: number[] = [];
        for (let i = 0; i < REQUESTS; i += 1) samples.push(await time(`${base}${path}`, cookie));
        samples.sort((a, b) => a - b);
        results.push({ what, papers: size.papers, median: percentile(samples, 0.5), p95: percentile(samples, 0.95) });
      }
    }

    console.log(`\n${REQUESTS} sequential requests each, after one warm-up; times in milliseconds.\n`);
    console.log('| request | papers in volume | median (ms) | p95 (ms) |');
    console.log('| --- | ---: | ---: | ---: |');
    for (const result of results) {
      console.log(`| ${result.what} | ${result.papers.toLocaleString('en')} | ${result.median.toFixed(1)} | ${result.p95.toFixed(1)} |`);
    }
  } finally {
    server?.kill('SIGTERM');
    await sql.end();
    await closeDatabase();
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (process.env.BENCH_KEEP_DATABASE) console.log(`kept database ${fresh.name}`);
    else await fresh.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
