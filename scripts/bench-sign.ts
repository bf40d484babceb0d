// npm run bench:sign: how many signatures a second one `next start` process records, and how long
// an author waits, with 1, 4, 16 and 50 authors signing at once. Production as it runs: a fresh
// PostgreSQL database, the restricted app role, the production build (run `npm run build` first).
// Each signer posts the sign form as the browser does (a server action, over HTTP) for a paper
// of their own; afterwards the rows are counted against the answers. For comparison, the same
// server's cost for a no-op authenticated action (the sign form without its acknowledgements:
// signed-in, authorized, the paper read, nothing written) and for rendering the paper page; and
// the JavaScript Chromium downloads for the sign page (Debian's Chromium, as the e2e tests use).
// A benchmark, not a test: it prints its numbers and writes them into docs/benchmarks.md.
import { performance } from 'node:perf_hooks';

import { chromium } from '@playwright/test';

import { chromium as chromiumOptions } from '../e2e/support/chromium';
import { sessionFor, startPortal, type Sql } from '../faults/support/portal';
import { acknowledgementIds, inParallel, postSignForm } from '../faults/support/sign-over-http';

import { machineHeading, writeBenchmarkSection } from './benchmark-report';

const CONCURRENCY = [1, 4, 16, 50];
/** Signatures per level: enough for a steady rate at each. */
const SIGNATURES = (concurrency: number) => Math.max(60, concurrency * 16);
const WARM_UP = 30;

type Signer = { paperId: string; email: string; name: string; session: string };
type Timing = { ms: number; ok: boolean; outcome: string };

async function addPapers(sql: Sql, count: number): Promise<Omit<Signer, 'session'>[]> {
  const papers = await sql<{ paperId: string; email: string; name: string }[]>`
    insert into papers (volume_id, paper_key, title, corresponding_author_name, corresponding_author_email, author_names)
    select v.id, 'bench' || g, 'On Signing Quickly, Part ' || g, 'Bench Author ' || g, 'bench' || g || '@sign.example.org',
      'Bench Author ' || g || '; Grace Co-Author'
    from volumes v, generate_series(1, ${count}) g where v.number = 151
    returning id as "paperId", corresponding_author_email as email, corresponding_author_name as name`;
  await sql`
    insert into paper_authors (paper_id, position, name, is_corresponding)
    select p.id, a.position, case a.position when 1 then p.corresponding_author_name else 'Grace Co-Author' end, a.position = 1
    from papers p, (values (1), (2)) a(position) where p.paper_key like 'bench%'`;
  return papers;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function timed(items: Signer[], concurrency: number, work: (signer: Signer) => Promise<{ ok: boolean; outcome: string }>) {
  const started = performance.now();
  const timings = await inParallel(items, concurrency, async (signer): Promise<Timing> => {
    const start = performance.now();
    const result = await work(signer);
    return { ms: performance.now() - start, ...result };
  });
  const seconds = (performance.now() - started) / 1000;
  const sorted = timings.map((timing) => timing.ms).sort((a, b) => a - b);
  const outcomes = new Map<string, number>();
  for (const timing of timings) outcomes.set(timing.outcome, (outcomes.get(timing.outcome) ?? 0) + 1);
  return {
    count: timings.length,
    ok: timings.filter((timing) => timing.ok).length,
    perSecond: timings.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    outcomes: [...outcomes].map(([outcome, count]) => `${count} ${outcome}`).join(', '),
  };
}

/**
 * The JavaScript a browser downloads for the sign page: Debian's Chromium loads it, signed in, and
 * every script response is counted as it came over the wire (gzip, as `next start` sends it),
 * lazily loaded chunks included and Next.js's `nomodule` polyfills left out, as a browser does.
 */
async function signPageJavaScript(baseUrl: string, signer: Signer): Promise<{ files: number; bytes: number }> {
  const browser = await chromium.launch(chromiumOptions.launchOptions);
  try {
    const context = await browser.newContext();
    await context.addCookies([{ name: 'authjs.session-token', value: signer.session, url: baseUrl }]);
    const page = await context.newPage();
    const sizes: Promise<number>[] = [];
    page.on('requestfinished', (finished) => {
      if (finished.resourceType() === 'script') sizes.push(finished.sizes().then((size) => size.responseBodySize));
    });
    await page.goto(`${baseUrl}/papers/${signer.paperId}`, { waitUntil: 'networkidle' });
    if (!(await page.getByRole('button', { name: 'Sign agreement' }).isVisible())) throw new Error('the sign page did not show its form');
    const bytes = await Promise.all(sizes);
    return { files: bytes.length, bytes: bytes.reduce((sum, size) => sum + size, 0) };
  } finally {
    await browser.close();
  }
}

async function main() {
  const total = WARM_UP + CONCURRENCY.reduce((sum, level) => sum + SIGNATURES(level), 0);
  const portal = await startPortal({ basePort: 3900, env: process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {} });
  const { sql, urls } = portal;
  const baseUrl = urls[0]!;
  const results: { level: number; sign: Awaited<ReturnType<typeof timed>>; rows: number; documents: number }[] = [];
  let noop: Awaited<ReturnType<typeof timed>>;
  let page: Awaited<ReturnType<typeof timed>>;
  let javascript: { files: number; bytes: number };
  try {
    const acknowledged = await acknowledgementIds(sql);
    const papers = await addPapers(sql, total);
    const signers: Signer[] = [];
    for (const paper of papers) signers.push({ ...paper, session: await sessionFor(sql, paper.email) });
    console.log(`${signers.length} papers, each with its own signed-in corresponding author`);

    const sign = async (signer: Signer) => {
      const answer = await postSignForm(baseUrl, signer.session, { paperId: signer.paperId, typedName: signer.name, acknowledged });
      return { ok: answer.outcome === 'signed', outcome: answer.outcome };
    };
    javascript = await signPageJavaScript(baseUrl, signers[0]!);
    // A warm-up, then the comparisons on papers still unsigned (they write nothing), then each level.
    await timed(signers.slice(0, WARM_UP), 4, sign);
    const comparison = signers.slice(WARM_UP, WARM_UP + 400);
    noop = await timed(comparison, 16, async (signer) => {
      const answer = await postSignForm(baseUrl, signer.session, { paperId: signer.paperId, typedName: signer.name, acknowledged: [] });
      return { ok: answer.status === 200 && answer.body.includes('Please confirm this to sign.'), outcome: answer.status === 200 ? 'refused as incomplete' : `HTTP ${answer.status}` };
    });
    page = await timed(comparison, 16, async (signer) => {
      const response = await fetch(`${baseUrl}/papers/${signer.paperId}`, { headers: { cookie: `authjs.session-token=${signer.session}` } });
      const body = await response.text();
      return { ok: response.status === 200 && body.includes('Sign agreement'), outcome: `HTTP ${response.status}` };
    });
    console.log(`no-op action at 16: ${noop.perSecond.toFixed(1)}/s, p50 ${noop.p50.toFixed(0)} ms, p95 ${noop.p95.toFixed(0)} ms (${noop.outcomes})`);
    console.log(`paper page at 16: ${page.perSecond.toFixed(1)}/s, p50 ${page.p50.toFixed(0)} ms, p95 ${page.p95.toFixed(0)} ms (${page.outcomes})`);

    let offset = WARM_UP;
    for (const level of CONCURRENCY) {
      const batch = signers.slice(offset, offset + SIGNATURES(level));
      offset += batch.length;
      const result = await timed(batch, level, sign);
      const ids = batch.map((signer) => signer.paperId);
      const [counted] = await sql<{ rows: number; documents: number }[]>`
        select count(*)::int as rows, count(d.signature_id)::int as documents
        from signatures s left join signature_documents d on d.signature_id = s.id where s.paper_id = any(${ids}::uuid[])`;
      results.push({ level, sign: result, rows: counted!.rows, documents: counted!.documents });
      console.log(
        `${level} at once: ${result.perSecond.toFixed(1)} signatures/s, p50 ${result.p50.toFixed(0)} ms, p95 ${result.p95.toFixed(0)} ms; ` +
          `${result.ok} answered signed, ${counted!.rows} rows, ${counted!.documents} PDFs (${result.outcomes})`,
      );
      if (result.ok !== result.count || counted!.rows !== result.ok || counted!.documents !== result.ok) {
        throw new Error(`level ${level}: ${result.ok} of ${result.count} answered signed, ${counted!.rows} rows, ${counted!.documents} PDFs`);
      }
    }
  } finally {
    await portal.stop();
  }

  const signAt16 = results.find((result) => result.level === 16)!.sign;
  const table = [
    await machineHeading('Signing (`npm run bench:sign`)', process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'),
    '',
    'One `next start` process as the restricted app role; each signer posts the sign form (a server action over HTTP, as the browser does) for a paper of their own, after a warm-up of ' +
      `${WARM_UP} signatures. Every answer "signed" was checked against its row and its stored PDF.`,
    '',
    '| signers at once | signatures | signatures / s | p50 | p95 | rows and PDFs |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      ({ level, sign, rows, documents }) =>
        `| ${level} | ${sign.count} | ${sign.perSecond.toFixed(1)} | ${sign.p50.toFixed(0)} ms | ${sign.p95.toFixed(0)} ms | ${rows} and ${documents} |`,
    ),
    '',
    `For comparison, on the same server with 16 at once: a no-op authenticated action (the sign form without its acknowledgements) ${noop!.perSecond.toFixed(1)} / s, ` +
      `p50 ${noop!.p50.toFixed(0)} ms, p95 ${noop!.p95.toFixed(0)} ms; the paper page ${page!.perSecond.toFixed(1)} / s, p95 ${page!.p95.toFixed(0)} ms. ` +
      `A signature costs ${(noop!.perSecond / signAt16.perSecond).toFixed(1)} no-op actions.`,
    '',
    `The sign page's JavaScript, as Chromium downloads it: ${javascript!.files} files, ${(javascript!.bytes / 1024).toFixed(0)} KiB transferred (gzip).`,
  ].join('\n');
  await writeBenchmarkSection('sign', table);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
