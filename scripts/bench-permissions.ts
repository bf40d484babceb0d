// npm run bench:permissions: the permissions folder of a volume with 200 and with 2,000 signed
// papers, streamed as the route streams it, with the process's memory sampled throughout.
// A benchmark, not a test: it prints its numbers and writes them into docs/benchmarks.md.
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import postgres from 'postgres';

import './cli-env';

import { closeDatabase, getDatabase } from '@/db/client';
import { signAgreement } from '@/lib/agreements/sign-agreement';
import { loadUser } from '@/lib/auth/load-user';
import { importPapers } from '@/lib/papers/import-papers';
import { findVolume, permissionsZipStream, planPermissionsFolder } from '@/lib/permissions/permissions-folder';
import { prepareDatabase } from '@/lib/startup/start-portal';

import { createFreshPostgresDatabase, freshSigningKey } from '../tests/fresh-test-resources';

import { machineHeading, writeBenchmarkSection } from './benchmark-report';

const SIZES = [200, 2_000];
const ACKNOWLEDGEMENTS = ['authority', 'licence-cc-by', 'warranty-original', 'warranty-sole-authors', 'warranty-no-infringement', 'indemnity', 'electronic-signature'];

async function seed(sql: postgres.Sql, volume: number, papers: number) {
  const { db } = await getDatabase();
  await importPapers(
    db,
    Array.from({ length: papers }, (_, index) => ({
      line: index + 2,
      volume,
      paperKey: `bench${String(index + 1).padStart(5, '0')}`,
      title: `On the Streaming of Permission Folders, Part ${index + 1}`,
      authors: [`Author ${index + 1}`],
      correspondingAuthorName: `Author ${index + 1}`,
      correspondingAuthorEmail: `author${index + 1}@v${volume}.example.org`,
    })),
    { volumeNames: { [volume]: `Bench ${papers}` }, actor: { userId: null, email: null, source: 'command line' } },
  );
  // One real signature (its PDF as the portal makes it), then its rows copied to every other paper:
  // placeholder evidence for a size measurement (their seals do not verify).
  const [first] = await sql<{ id: string; email: string }[]>`
    select p.id, p.corresponding_author_email as email from papers p join volumes v on v.id = p.volume_id
    where v.number = ${volume} order by p.paper_key limit 1`;
  const [user] = await sql<{ id: string }[]>`insert into users (id, email) values (${crypto.randomUUID()}, ${first!.email}) returning id`;
  const signed = await signAgreement({
    user: (await loadUser(user!.id))!,
    paperId: first!.id,
    typedName: 'Author 1',
    acknowledged: ACKNOWLEDGEMENTS,
    context: { ipAddress: '127.0.0.1', userAgent: 'bench', sessionIdHash: null },
  });
  if (!signed.ok) throw new Error(signed.message);
  await sql`
    with copies as (
      insert into signatures (paper_id, user_id, signer_email, typed_name, name_on_record, template_version, text_sha256,
        title_at_signing, authors_at_signing, proceedings_at_signing, agreed_clause_ids, auth_method, seal, seal_key_id, pdf_sha256)
      select p.id, s.user_id, s.signer_email, s.typed_name, s.name_on_record, s.template_version, s.text_sha256,
        p.title, s.authors_at_signing, s.proceedings_at_signing, s.agreed_clause_ids, s.auth_method, s.seal, s.seal_key_id, s.pdf_sha256
      from papers p join volumes v on v.id = p.volume_id, signatures s
      where v.number = ${volume} and s.id = ${signed.signature.id} and p.id <> s.paper_id
      returning id)
    insert into signature_documents (signature_id, pdf, pdf_sha256, seal, seal_key_id)
    select copies.id, d.pdf, d.pdf_sha256, d.seal, d.seal_key_id from copies, signature_documents d where d.signature_id = ${signed.signature.id}`;
  await sql`update papers p set active_signature_id = s.id from signatures s where s.paper_id = p.id and p.active_signature_id is null`;
}

async function measure(volumeNumber: number) {
  const { db } = await getDatabase();
  const volume = (await findVolume(db, volumeNumber))!;
  const plan = await planPermissionsFolder(db, volume);
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  let bytes = 0;
  let firstByteMs = 0;
  const started = performance.now();
  await pipeline(
    permissionsZipStream(plan),
    new Writable({
      highWaterMark: 1 << 20,
      write(chunk: Buffer, _encoding, done) {
        if (bytes === 0) firstByteMs = performance.now() - started;
        bytes += chunk.length;
        // A slow client: it pauses after every chunk, so the archive has to wait for it, not buffer ahead.
        setTimeout(done, Math.ceil(chunk.length / 25_000));
      },
    }),
  );
  clearInterval(sampler);
  return { papers: plan.signed.length, seconds: (performance.now() - started) / 1000, firstByteMs, megabytes: bytes / 1e6, growthMb: (peak - before) / 1e6 };
}

async function main() {
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  process.env.SIGNING_KEY ??= freshSigningKey();
  process.env.AUTH_SECRET ??= 'bench-'.repeat(8);
  const fresh = await createFreshPostgresDatabase(serverUrl, 'bench_permissions');
  process.env.DATABASE_URL = fresh.url;
  const sql = postgres(fresh.url, { max: 2, onnotice: () => {} });
  const results = [];
  try {
    await getDatabase();
    await prepareDatabase();
    for (const [index, size] of SIZES.entries()) {
      const volume = 2001 + index;
      const started = performance.now();
      await seed(sql, volume, size);
      console.log(`seeded ${size} signed papers in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      results.push(await measure(volume));
    }
  } finally {
    await sql.end();
    await closeDatabase();
    await fresh.drop();
  }
  const table = [
    await machineHeading('Permissions folder (`npm run bench:permissions`)', serverUrl),
    '',
    'The zip of a volume whose every paper is signed, streamed as `GET /editor/volumes/{n}/permissions.zip` streams it, to a deliberately slow reader (it pauses after every chunk), so that the archive has to wait for it. Memory growth: the process\'s peak RSS while streaming, over its RSS just before; it does not grow with the number of papers.',
    '',
    '| signed papers | zip size | time to first byte | streamed in | read at | memory growth |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      (result) =>
        `| ${result.papers.toLocaleString('en')} | ${result.megabytes.toFixed(0)} MB | ${result.firstByteMs.toFixed(0)} ms | ${result.seconds.toFixed(1)} s | ${(result.megabytes / result.seconds).toFixed(1)} MB/s | ${result.growthMb.toFixed(0)} MB |`,
    ),
  ].join('\n');
  await writeBenchmarkSection('permissions', table);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
