import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';

import { expect, test } from '@playwright/test';
import autocannon from 'autocannon';

import { sessionFor, startPortal, type Portal } from './support/portal';
import { SIGN_ACTION, actionId } from './support/sign-over-http';

// Bounded autocannon runs from 127.0.0.1 against what anyone may ask without signing in, with the
// limits as shipped: sign-in requests (30 an hour per client address) and /verify checks (60 a
// minute per client address, answered 429 with Retry-After), and a session's form submissions (60 a minute). After the limit
// every request is refused, and the server's memory stays within a stated bound, large bodies
// included.

const SIGN_IN_LIMIT = 30;
const VERIFY_LIMIT = 60;
const ACTIONS_PER_SESSION_LIMIT = 60;
/** The portal's resident memory may grow by at most this much during a run. */
const MEMORY_BOUND_MB = 150;

let portal: Portal;

test.beforeAll(async () => {
  // The shipped defaults (no test overrides), stated here so the numbers below follow from them.
  portal = await startPortal({
    basePort: 3750,
    env: {
      SIGN_IN_REQUESTS_PER_HOUR_PER_CLIENT: String(SIGN_IN_LIMIT),
      VERIFY_CHECKS_PER_MINUTE: String(VERIFY_LIMIT),
      ACTIONS_PER_MINUTE_PER_SESSION: String(ACTIONS_PER_SESSION_LIMIT),
    },
  });
});

test.afterAll(async () => {
  await portal?.stop();
});

/** Resident memory of the portal process, in MB (Linux /proc). */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return Number(line?.[1] ?? 0) / 1024;
}

/** Runs `work` while sampling the portal's memory; returns its result and the peak growth. */
async function watchingMemory<T>(work: () => Promise<T>): Promise<{ result: T; idleMb: number; peakMb: number }> {
  const pid = portal.pids[0]!;
  const idleMb = rssMb(pid);
  let peakMb = idleMb;
  const timer = setInterval(() => (peakMb = Math.max(peakMb, rssMb(pid))), 50);
  try {
    const result = await work();
    return { result, idleMb, peakMb: Math.max(peakMb, rssMb(pid)) };
  } finally {
    clearInterval(timer);
  }
}

test('sign-in requests: 2,000 from one address get 429 with Retry-After after the first 30', async () => {
  const url = portal.urls[0]!;
  const { result, idleMb, peakMb } = await watchingMemory(() =>
    autocannon({
      url: `${url}/api/auth/signin/email`,
      method: 'POST',
      connections: 20,
      amount: 2_000,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url },
      body: 'email=load-test%40example.org&csrfToken=x',
    }),
  );
  const byStatus = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([status, stats]) => [status, stats.count]));
  console.log(`sign-in: ${JSON.stringify(byStatus)} in ${result.duration.toFixed(1)} s; memory ${idleMb.toFixed(0)} → peak ${peakMb.toFixed(0)} MB`);
  expect(result.errors).toBe(0);
  expect(byStatus['429']).toBe(2_000 - SIGN_IN_LIMIT);
  const refused = await fetch(`${url}/api/auth/signin/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url },
    body: 'email=load-test%40example.org&csrfToken=x',
    redirect: 'manual',
  });
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(await refused.text()).toContain('Too many sign-in links were asked for from your network just now');
  expect(peakMb - idleMb).toBeLessThan(MEMORY_BOUND_MB);
});

test('/verify: 2,000 checks from one address get 429 with Retry-After after the first 60', async () => {
  const url = portal.urls[0]!;
  const form = new FormData();
  form.append('signatureId', '00000000-0000-4000-8000-000000000000');
  form.append('textSha256', '0'.repeat(64));
  const encoded = new Response(form);
  const body = Buffer.from(await encoded.arrayBuffer());
  let checked = 0;
  let refusedChecks = 0;
  const { result, idleMb, peakMb } = await watchingMemory(() =>
    autocannon({
      url: `${url}/verify/check`,
      connections: 20,
      amount: 2_000,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': encoded.headers.get('content-type')!, accept: 'application/json' },
          body,
          onResponse: (status, responseBody, _context, headers) => {
            const retryAfter = Number(Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'retry-after')?.[1]);
            if (status === 429 && retryAfter > 0 && retryAfter <= 60 && responseBody.includes('Too many checks from your network just now')) refusedChecks += 1;
            else if (status === 200 && responseBody.includes('No signed agreement has this signature id')) checked += 1;
          },
        },
      ],
    }),
  );
  console.log(`/verify: ${checked} checked, ${refusedChecks} refused (429) in ${result.duration.toFixed(1)} s; memory ${idleMb.toFixed(0)} → peak ${peakMb.toFixed(0)} MB`);
  expect(result.errors).toBe(0);
  expect(result.statusCodeStats).toEqual({ '200': { count: VERIFY_LIMIT }, '429': { count: 2_000 - VERIFY_LIMIT } });
  expect(checked).toBe(VERIFY_LIMIT);
  expect(refusedChecks).toBe(2_000 - VERIFY_LIMIT);
  expect(peakMb - idleMb).toBeLessThan(MEMORY_BOUND_MB);
});

/**
 * Uploads `size` bytes to `path` as a client does, a megabyte at a time, and resolves with the
 * status the server answered (0 if none) and how much was sent by then.
 */
function upload(url: string, path: string, size: number, headers: Record<string, string>): Promise<{ status: number; sentMb: number }> {
  const target = new URL(path, url);
  return new Promise((resolve) => {
    let sent = 0;
    let done = false;
    const finish = (status: number) => {
      if (done) return;
      done = true;
      resolve({ status, sentMb: sent / 1024 / 1024 });
    };
    const request = httpRequest(
      { host: '127.0.0.1', port: target.port, path: target.pathname, method: 'POST', headers: { ...headers, host: target.host, 'content-length': String(size) } },
      (response) => {
        response.resume();
        finish(response.statusCode ?? 0);
        request.destroy();
      },
    );
    request.on('error', () => finish(0));
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    const writeMore = () => {
      while (!done && sent < size) {
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once('drain', writeMore);
      }
      if (!done) request.end();
    };
    writeMore();
  });
}

test('/verify: 24 uploads of 19 MB at once are refused before they are read, and memory barely moves', async () => {
  const url = portal.urls[0]!;
  const size = 19 * 1024 * 1024;
  const headers = { 'content-type': 'multipart/form-data; boundary=x', accept: 'application/json' };
  const { result, idleMb, peakMb } = await watchingMemory(() => Promise.all(Array.from({ length: 24 }, () => upload(url, '/verify/check', size, headers))));
  const sentMb = result.reduce((sum, answer) => sum + answer.sentMb, 0);
  console.log(`/verify 19 MB uploads: ${result.map((answer) => answer.status).join(' ')}; ${sentMb.toFixed(0)} MB sent of ${(24 * 19).toFixed(0)}; memory ${idleMb.toFixed(0)} → peak ${peakMb.toFixed(0)} MB`);
  expect(result.map((answer) => answer.status)).toEqual(Array(24).fill(413));
  // 24 × 19 MB = 456 MB were offered; the server kept none of it.
  expect(peakMb - idleMb).toBeLessThan(50);
});

test('one signed-in session posting the sign form 500 times is refused after 60 a minute, and nothing is written', async () => {
  const url = portal.urls[0]!;
  const { sql } = portal;
  const [paper] = await sql<{ id: string; email: string }[]>`select id, corresponding_author_email as email from papers order by paper_key limit 1`;
  const token = await sessionFor(sql, paper!.email);
  // An incomplete submission (no terms ticked): within the limit it is answered field by field.
  const form = new FormData();
  form.append('_1_paperId', paper!.id);
  form.append('_1_typedName', 'Load Test');
  form.append('0', JSON.stringify([null, '$K1']));
  const encoded = new Response(form);
  const body = Buffer.from(await encoded.arrayBuffer());
  let answered = 0;
  let limited = 0;
  const result = await autocannon({
    url: `${url}/papers/${paper!.id}`,
    connections: 10,
    amount: 500,
    requests: [
      {
        method: 'POST',
        headers: {
          'content-type': encoded.headers.get('content-type')!,
          'next-action': actionId(SIGN_ACTION),
          accept: 'text/x-component',
          origin: url,
          cookie: `authjs.session-token=${token}`,
        },
        body,
        onResponse: (_status, responseBody) => {
          if (responseBody.includes('Too many requests from your session just now')) limited += 1;
          else if (responseBody.includes('Some items need your attention before you can sign')) answered += 1;
        },
      },
    ],
  });
  console.log(`sign form, one session: ${answered} answered, ${limited} refused in ${result.duration.toFixed(1)} s`);
  expect(result.non2xx).toBe(0);
  expect(answered).toBe(ACTIONS_PER_SESSION_LIMIT);
  expect(limited).toBe(500 - ACTIONS_PER_SESSION_LIMIT);
  expect(await sql`select 1 from signatures where paper_id = ${paper!.id}`).toHaveLength(0);
});
