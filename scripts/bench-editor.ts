// npm run bench:editor: how the editor's pages scale with the number of papers, over HTTP against
// `next start` on PostgreSQL. Volumes of 1,000 and 50,000 papers, and four more of 50,000 so that
// the cross-volume search covers 251,000; a third of the papers signed, nine in ten invited, each
// volume with a signing deadline. Prints median and p95 of sequential requests after one warm-up,
// and the 50,000-row CSV export's time to first byte and the server's memory growth while it
// streams. A benchmark, not a test: it asserts nothing; it writes its table into docs/benchmarks.md.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';

import './cli-env';

import { closeDatabase, getDatabase } from '@/db/client';
import { prepareDatabase } from '@/lib/startup/start-portal';
import { importPapers } from '@/lib/papers/import-papers';

import { createFreshPostgresDatabase } from '../tests/fresh-test-resources';

import { benchPaperRows } from './bench-papers';
import { machineHeading, writeBenchmarkSection } from './benchmark-report';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 50);
/** The volume page's views: more, because their ratio is the target and the machine is noisy. */
const PAGE_REQUESTS = Number(process.env.BENCH_PAGE_REQUESTS ?? 200);
const PORT = Number(process.env.BENCH_PORT ?? 3300);
const SMALL = { volume: 1001, papers: 1_000 };
const LARGE = { volume: 1002, papers: 50_000 };
/** More volumes, so that an admin's search covers 251,000 papers. */
const OTHERS = [1003, 1004, 1005, 1006].map((volume) => ({ volume, papers: 50_000 }));

type Sample = { total: number; firstByte: number };

async function time(url: string, cookie: string): Promise<Sample> {
  const started = performance.now();
  const response = await fetch(url, { headers: { cookie } });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const reader = response.body!.getReader();
  let firstByte = 0;
  for (;;) {
    const { done } = await reader.read();
    if (!firstByte) firstByte = performance.now() - started;
    if (done) break;
  }
  return { total: performance.now() - started, firstByte };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

/** Resident memory of a process and its children, in bytes (Linux /proc). */
function treeRss(pid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  const queue = [pid];
  while (queue.length > 0) {
    const current = queue.pop()!;
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${current}/status`, 'utf8'));
      total += Number(match?.[1] ?? 0) * 1024;
    } catch {
      // gone meanwhile
    }
    queue.push(...(children.get(current) ?? []));
  }
  return total;
}

const ms = (value: number) => value.toFixed(1);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

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
    for (const size of [SMALL, LARGE, ...OTHERS]) {
      const started = performance.now();
      await importPapers(db, benchPaperRows(size.volume, size.papers), {
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
    await sql`update papers p set active_signature_id = s.id from signatures s where s.paper_id = p.id`;
    // Nine papers in ten invited, one email each (sent), as a volume looks once its invitations
    // went out: the page's "never invited" count and each row's contact columns have a log to read.
    await sql`
      with invitation as (
        insert into emails (idempotency_key, kind, recipient, volume_id, state, sent_at)
        select 'bench-invitation:' || p.id, 'invitation', p.corresponding_author_email, p.volume_id, 'sent', now()
        from papers p where (hashtext(p.paper_key || ':invited') % 10) <> 0
        returning id, idempotency_key)
      insert into email_papers (email_id, paper_id)
      select id, substring(idempotency_key from length('bench-invitation:') + 1)::uuid from invitation`;
    // A deadline, as a volume has while its signatures are collected: each awaiting row then
    // carries its own Remind button, as the editor sees it.
    await sql`update volumes set signing_deadline = current_date + 30`;
    await sql`vacuum analyze`;
    const token = randomBytes(32).toString('hex');
    await sql`insert into sessions (session_token, user_id, expires) values (${token}, ${editor!.id}, now() + interval '1 day')`;
    const cookie = `authjs.session-token=${token}`;

    server = spawn('./node_modules/.bin/next', ['start', '-H', '127.0.0.1', '-p', String(PORT)], {
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

    const measure = async (path: string) => {
      await time(`${base}${path}`, cookie); // warm-up, not counted
      const samples: Sample[] = [];
      for (let i = 0; i < REQUESTS; i += 1) samples.push(await time(`${base}${path}`, cookie));
      const totals = samples.map((sample) => sample.total).sort((a, b) => a - b);
      const firstBytes = samples.map((sample) => sample.firstByte).sort((a, b) => a - b);
      return { median: percentile(totals, 0.5), p95: percentile(totals, 0.95), firstByteP95: percentile(firstBytes, 0.95) };
    };
    /** Like measure, for several paths requested in turn: one of each, PAGE_REQUESTS times. */
    const measureAlternately = async (paths: string[]) => {
      for (const path of paths) await time(`${base}${path}`, cookie); // warm-up, not counted
      const totals: number[][] = paths.map(() => []);
      for (let i = 0; i < PAGE_REQUESTS; i += 1) {
        for (const [index, path] of paths.entries()) totals[index]!.push((await time(`${base}${path}`, cookie)).total);
      }
      return totals.map((samples) => {
        samples.sort((a, b) => a - b);
        return { median: percentile(samples, 0.5), p95: percentile(samples, 0.95) };
      });
    };

    // First, on the freshly started server, the export: time to first byte, total, and the
    // server's memory while it streams: the peak of one export over the idle server (after a
    // warm-up export and a pause), then the peak while REQUESTS exports run one after another
    // (V8 collects their garbage late: docs/benchmarks.md).
    const exports: string[] = [];
    const exportRows: string[] = [];
    const peakWhile = async <T>(work: () => Promise<T>): Promise<{ result: T; peak: number }> => {
      let peak = treeRss(server!.pid!);
      const sampler = setInterval(() => (peak = Math.max(peak, treeRss(server!.pid!))), 10);
      try {
        return { result: await work(), peak };
      } finally {
        clearInterval(sampler);
      }
    };
    for (const size of [SMALL, LARGE]) {
      const path = `/editor/volumes/${size.volume}/export.csv`;
      await time(`${base}${path}`, cookie);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const idle = treeRss(server.pid!);
      const one = await peakWhile(() => time(`${base}${path}`, cookie));
      const many = await peakWhile(() => measure(path));
      const result = many.result;
      exportRows.push(`| CSV export | ${size.papers.toLocaleString('en')} | ${ms(result.median)} | ${ms(result.p95)} |`);
      exports.push(
        `| ${size.papers.toLocaleString('en')} | ${ms(result.firstByteP95)} ms | ${ms(result.median)} ms | ${mb(idle)} | ${mb(one.peak - idle)} | ${mb(many.peak - idle)} |`,
      );
    }

    // An author's full name (a handful of papers per volume), a surname (about 3% of papers),
    // and a title word (about 5%). Searches ask for their first page: at 1,000 papers a second
    // page of these does not exist (a page past the end shows the last one).
    const fullName = 'Amara Okafor';
    const surname = 'Okafor';
    const word = 'bandits';
    // Target: each view of the 50,000-paper volume within 1.5 times the same view of the
    // 1,000-paper one. The two are requested alternately, so that a slow stretch of the machine
    // (it varies by a fifth from minute to minute) weighs on both sides of the ratio alike.
    const volumeRows: string[] = [];
    for (const [what, query] of [
      ['plain', ''],
      ['awaiting, sort by title', '?status=awaiting&sort=title'],
      ['awaiting, never invited', '?status=never-invited'],
      [`search "${fullName}", sort by title`, `?q=${encodeURIComponent(fullName)}&sort=title&dir=desc`],
      [`search "${surname}", awaiting, sort by title`, `?q=${surname}&status=awaiting&sort=title&dir=desc`],
      [`search "${word}", awaiting, sort by title`, `?q=${word}&status=awaiting&sort=title&dir=desc`],
    ] as const) {
      const [small, large] = await measureAlternately([SMALL, LARGE].map((size) => `/editor/volumes/${size.volume}${query}`));
      volumeRows.push(
        `| ${what} | ${ms(small!.median)} | ${ms(large!.median)} | ${(large!.median / small!.median).toFixed(2)}× | ${ms(small!.p95)} | ${ms(large!.p95)} |`,
      );
    }
    const rows: string[] = [];
    const allPapers = [SMALL, LARGE, ...OTHERS].reduce((sum, size) => sum + size.papers, 0);
    for (const term of [fullName, surname, word, 'author4242@v1004']) {
      const result = await measure(`/editor/search?q=${encodeURIComponent(term)}`);
      rows.push(`| find a paper (admin, every volume): "${term}" | ${allPapers.toLocaleString('en')} | ${ms(result.median)} | ${ms(result.p95)} |`);
    }

    const table = [
      await machineHeading('Editor pages (`npm run bench:editor`)', serverUrl),
      '',
      `Sequential requests after one warm-up, ${PAGE_REQUESTS} of each volume page view and ${REQUESTS} of each other request; times in milliseconds. A third of the papers are signed; nine in ten were sent an invitation; each volume has a signing deadline, so each awaiting row has its Remind button.`,
      '',
      `The volume page, the same view of a volume of ${SMALL.papers.toLocaleString('en')} and of ${LARGE.papers.toLocaleString('en')} papers, requested alternately:`,
      '',
      `| volume page | median, ${SMALL.papers.toLocaleString('en')} | median, ${LARGE.papers.toLocaleString('en')} | ratio | p95, ${SMALL.papers.toLocaleString('en')} | p95, ${LARGE.papers.toLocaleString('en')} |`,
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...volumeRows,
      '',
      '| request | papers | median (ms) | p95 (ms) |',
      '| --- | ---: | ---: | ---: |',
      ...rows,
      ...exportRows,
      '',
      `The CSV export: time to first byte (p95) and the whole export (median) over ${REQUESTS} exports one after another, and the server's resident memory (the \`next start\` process and its children, sampled every 10 ms), measured before the pages above on the freshly started server: idle after a warm-up export, its growth to the peak of one export, and to the peak while the ${REQUESTS} run.`,
      '',
      `| papers | first byte (p95) | whole export (median) | idle | one export: growth | ${REQUESTS} in a row: growth |`,
      '| ---: | ---: | ---: | ---: | ---: | ---: |',
      ...exports,
    ].join('\n');
    await writeBenchmarkSection('editor', table);
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
