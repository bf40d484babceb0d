import { expect, test } from '@playwright/test';
import fc from 'fast-check';

import { sessionFor, soleAuthorPapers, startPortal, type Portal, type Sql } from './support/portal';
import { acknowledgementIds, inParallel, postSignForm } from './support/sign-over-http';

// fast-check generates 10,000 requests for each of: the sign action's fields, the volume page's
// search, sort, filter and page parameters, and /verify's checks (by id, by PDF, and raw multipart). Each is sent to a real
// `next start` on PostgreSQL. None may answer with a server error, and none that was refused may
// leave a row behind. (The rate limiter's own counters are bookkeeping, not rows of the request,
// and are left out of the comparison.)

const RUNS = 10_000;
const CONCURRENCY = 8;
let portal: Portal;

test.beforeAll(async () => {
  portal = await startPortal({
    basePort: 3740,
    env: { ACTIONS_PER_MINUTE_PER_SESSION: '100000', VERIFY_CHECKS_PER_MINUTE: '100000' },
  });
});

test.afterAll(async () => {
  await portal?.stop();
});

const hostile = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('', ' ', '\u0000', '%00', '../../etc/passwd', "' or 1=1 --", '<script>alert(1)</script>', '＝1+1', 'a'.repeat(2500), '-1', '1e309', 'NaN', '[]', '{}', '__proto__'),
  fc.uuid(),
);

/**
 * Every table of the portal's, counted (rate_limits aside). A queued job always comes with a row
 * of ours (an email, a webhook delivery); pg-boss's own tables change on its schedule.
 */
async function fingerprint(sql: Sql): Promise<string> {
  const tables = await sql<{ name: string }[]>`
    select format('%I.%I', schemaname, tablename) as name from pg_tables
    where schemaname = 'public' and tablename <> 'rate_limits' order by 1`;
  const counts = await Promise.all(tables.map(async ({ name }) => `${name}=${(await sql.unsafe(`select count(*)::int as n from ${name}`))[0]!.n}`));
  return counts.join(' ');
}

test(`the sign action: ${RUNS.toLocaleString('en')} generated submissions, no server error, no row from a refused one`, async () => {
  const { sql, urls } = portal;
  const [own, other] = await soleAuthorPapers(sql, 2);
  const token = await sessionFor(sql, own!.email);
  const realAcknowledgements = await acknowledgementIds(sql);
  const submission = fc.record({
    paperId: fc.oneof(fc.constant(own!.id), fc.constant(other!.id), hostile),
    typedName: fc.oneof(fc.constant(own!.name), hostile),
    acknowledged: fc.oneof(
      fc.constant(realAcknowledgements),
      fc.subarray(realAcknowledgements),
      fc.array(fc.oneof(fc.constantFrom(...realAcknowledgements), hostile), { maxLength: 60 }),
    ),
  });
  const before = await fingerprint(sql);
  const outcomes = await inParallel(fc.sample(submission, { numRuns: RUNS, seed: 20261201 }), CONCURRENCY, (fields) =>
    postSignForm(urls[0]!, token, fields),
  );
  const tally = new Map<string, number>();
  for (const answer of outcomes) tally.set(answer.outcome, (tally.get(answer.outcome) ?? 0) + 1);
  console.log(`sign fuzz: ${[...tally].map(([outcome, n]) => `${outcome} ${n}`).join(', ')}`);
  expect(outcomes.filter((answer) => answer.status >= 500 || answer.outcome === 'no-answer').slice(0, 5)).toEqual([]);
  // At most the one valid submission signed (the author's own paper, all terms, their name)…
  const signed = outcomes.filter((answer) => answer.outcome === 'signed').length;
  expect(signed).toBeLessThanOrEqual(1);
  // …and nothing else was written: only that signature and what comes with it, if any.
  const rows = await sql`select paper_id from signatures`;
  expect(rows.map((row) => row.paper_id)).toEqual(signed ? [own!.id] : []);
  if (!signed) expect(await fingerprint(sql)).toBe(before);
});

test(`the volume page: ${RUNS.toLocaleString('en')} generated search, sort, filter and page parameters, no server error, nothing written`, async () => {
  const { sql, urls } = portal;
  const token = await sessionFor(sql, 'editor@example.org');
  const parameter = fc.oneof(fc.constantFrom('q', 'status', 'sort', 'dir', 'page'), hostile);
  const value = fc.oneof(
    fc.constantFrom('signed', 'awaiting', 'never-invited', 'voided', 'title', 'key', 'author', 'status', 'signed_at', 'asc', 'desc', '1', '2', '999999', '0', '-5', '2.5'),
    hostile,
  );
  const query = fc.array(fc.tuple(parameter, value), { maxLength: 6 });
  const before = await fingerprint(sql);
  const statuses = await inParallel(fc.sample(query, { numRuns: RUNS, seed: 20261202 }), CONCURRENCY, async (pairs) => {
    const search = new URLSearchParams(pairs).toString();
    const response = await fetch(`${urls[0]}/editor/volumes/151?${search}`, { headers: { cookie: `authjs.session-token=${token}` } });
    await response.arrayBuffer();
    return { search, status: response.status };
  });
  expect(statuses.filter((answer) => answer.status !== 200).slice(0, 5)).toEqual([]);
  expect(await fingerprint(sql)).toBe(before);
});

test(`/verify: ${RUNS.toLocaleString('en')} generated checks by id, by PDF and as raw multipart, no server error, nothing written`, async () => {
  const { sql, urls } = portal;
  const check = fc.oneof(
    fc.record({ kind: fc.constant('id' as const), signatureId: hostile, textSha256: fc.oneof(hostile, fc.stringMatching(/^[0-9a-f]{64}$/)) }),
    fc.record({
      kind: fc.constant('pdf' as const),
      bytes: fc.oneof(fc.uint8Array({ maxLength: 2000 }), fc.string({ maxLength: 400 }).map((text) => new TextEncoder().encode(`%PDF-1.7\n${text}\n%%EOF`))),
      // Control characters included: the check reads its own body (a server action's was read by
      // Next.js's bundled parser, which answered such a part header with a 500).
      name: hostile,
    }),
    // A body no browser would send: hostile part headers, boundaries and content types.
    fc.record({
      kind: fc.constant('raw' as const),
      boundary: fc.oneof(fc.constant('x'), hostile),
      header: fc.oneof(hostile, hostile.map((name) => `Content-Disposition: form-data; name="pdf"; filename="${name}"`)),
      content: fc.oneof(hostile, fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1'))),
      contentType: fc.oneof(fc.constant('multipart/form-data; boundary=x'), fc.constant('application/x-www-form-urlencoded'), hostile),
    }),
  );
  const before = await fingerprint(sql);
  const answers = await inParallel(fc.sample(check, { numRuns: RUNS, seed: 20261203 }), CONCURRENCY, async (input) => {
    let body: FormData | Uint8Array<ArrayBuffer>;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (input.kind === 'raw') {
      body = new Uint8Array(Buffer.from(`--${input.boundary}\r\n${input.header}\r\n\r\n${input.content}\r\n--${input.boundary}--\r\n`, 'latin1'));
      // A header value fetch cannot send is sent as the plain multipart type.
      headers['content-type'] = /^[\t\x20-\x7e]*$/.test(input.contentType) ? input.contentType : 'multipart/form-data; boundary=x';
    } else {
      body = new FormData();
      if (input.kind === 'id') {
        body.append('signatureId', input.signatureId);
        body.append('textSha256', input.textSha256);
      } else {
        body.append('pdf', new Blob([input.bytes], { type: 'application/pdf' }), input.name || 'x.pdf');
      }
    }
    const response = await fetch(`${urls[0]}/verify/check`, { method: 'POST', headers, body });
    const answer = (await response.json().catch(() => null)) as { result?: { isValid: boolean }; message?: string } | null;
    return { status: response.status, answered: typeof answer?.result?.isValid === 'boolean' || typeof answer?.message === 'string' };
  });
  // A completed check (valid or not) is a 200; a form that is not one, or lacks a value, a 400.
  const statuses = new Map<number, number>();
  for (const answer of answers) statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
  console.log(`/verify/check answers: ${[...statuses].map(([status, count]) => `${count} × ${status}`).join(', ')}`);
  expect(answers.filter((answer) => ![200, 400].includes(answer.status) || !answer.answered).slice(0, 5)).toEqual([]);
  expect(statuses.get(200)).toBeGreaterThan(1000);
  expect(await fingerprint(sql)).toBe(before);
});
