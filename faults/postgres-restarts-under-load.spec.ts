import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

import { expect, test } from '@playwright/test';

import { sessionFor, soleAuthorPapers, startPortal, type Portal } from './support/portal';
import { acknowledgementIds, inParallel, postSignForm, type SignOutcome } from './support/sign-over-http';

// 200 authors sign at once while the PostgreSQL server restarts under them. Every answer the
// portal gave must be true afterwards: "signed" has its row, PDF and audit event; "not recorded"
// has no row. The portal itself is not restarted and must take signatures again afterwards, and
// the audit chain must verify.

const SIGNERS = 200;
let portal: Portal;

test.beforeAll(async () => {
  portal = await startPortal({ basePort: 3720, env: { ACTIONS_PER_MINUTE_PER_SESSION: '100000' } });
});

test.afterAll(async () => {
  await portal?.stop();
});

function restartPostgres(): void {
  const cluster = process.env.PG_CLUSTER_VERSION ?? readdirSync('/etc/postgresql')[0];
  const result = spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', cluster!, 'main', 'restart', '-m', 'fast'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('pg_ctlcluster restart failed');
}

test('PostgreSQL restarts while 200 authors sign: every answer holds, and the portal recovers by itself', async () => {
  const { sql } = portal;
  const papers = await soleAuthorPapers(sql, SIGNERS);
  expect(papers).toHaveLength(SIGNERS);
  const acknowledged = await acknowledgementIds(sql);
  const tokens = await Promise.all(papers.map((paper) => sessionFor(sql, paper.email)));
  const url = portal.urls[0]!;

  const started = Date.now();
  const signing = inParallel(papers, SIGNERS, (paper, index) =>
    postSignForm(url, tokens[index]!, { paperId: paper.id, typedName: paper.name, acknowledged }),
  );
  // Some signatures are in, most are on their way: restart the server under them.
  await expect.poll(async () => (await sql`select count(*)::int as n from signatures`)[0]!.n, { timeout: 60_000 }).toBeGreaterThan(5);
  const restartAt = Date.now() - started;
  restartPostgres();
  const answers = await signing;

  const count = (outcome: SignOutcome) => answers.filter((answer) => answer.outcome === outcome).length;
  const tally = Object.fromEntries((['signed', 'not-recorded', 'unknown', 'already-signed', 'refused', 'server-error', 'no-answer'] as const).map((outcome) => [outcome, count(outcome)]));
  console.log(`restart after ${restartAt} ms; answers: ${JSON.stringify(tally)}`);
  for (const answer of answers.filter((each) => ['refused', 'server-error'].includes(each.outcome)).slice(0, 3)) {
    console.log(`unexpected answer (${answer.status}): ${answer.body.slice(0, 400)}`);
  }
  // Every request got an answer the author can act on, none an error page.
  expect(count('server-error') + count('no-answer') + count('refused')).toBe(0);
  // The restart did land in the middle of the signing.
  expect(count('signed')).toBeGreaterThan(0);
  expect(count('not-recorded') + count('unknown')).toBeGreaterThan(0);

  // What the database holds afterwards agrees with every answer.
  const held = await sql<{ paper_id: string; documents: number; events: number }[]>`
    select s.paper_id,
           (select count(*)::int from signature_documents d where d.signature_id = s.id) as documents,
           (select count(*)::int from audit_events e where e.signature_id = s.id and e.action = 'agreement.signed') as events
    from signatures s where s.paper_id in ${sql(papers.map((paper) => paper.id))}`;
  const byPaper = new Map(held.map((row) => [row.paper_id, row]));
  papers.forEach((paper, index) => {
    const outcome = answers[index]!.outcome;
    if (outcome === 'signed') expect(byPaper.get(paper.id), `${paper.id} answered signed`).toMatchObject({ documents: 1, events: 1 });
    if (outcome === 'not-recorded') expect(byPaper.has(paper.id), `${paper.id} answered not recorded`).toBe(false);
  });
  for (const row of held) expect(row).toMatchObject({ documents: 1, events: 1 });

  // The same portal process, never restarted, takes the rest: each author presses Sign again.
  const retried = await inParallel(papers, 16, (paper, index) =>
    answers[index]!.outcome === 'signed'
      ? Promise.resolve('signed' as SignOutcome)
      : postSignForm(url, tokens[index]!, { paperId: paper.id, typedName: paper.name, acknowledged }).then((answer) => answer.outcome),
  );
  expect(retried.filter((outcome) => outcome !== 'signed' && outcome !== 'already-signed')).toEqual([]);
  const [{ n }] = (await sql`select count(*)::int as n from signatures where paper_id in ${sql(papers.map((paper) => paper.id))}`) as unknown as [{ n: number }];
  expect(n).toBe(SIGNERS);

  // The audit chain is whole: the command an operator runs says so.
  const verify = spawnSync('npm', ['run', '--silent', 'audit:verify'], {
    env: { ...process.env, DATABASE_URL: portal.ownerUrl, MIGRATIONS_DATABASE_URL: portal.ownerUrl },
    encoding: 'utf8',
  });
  expect(verify.status, verify.stdout + verify.stderr).toBe(0);
});
