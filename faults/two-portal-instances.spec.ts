import { expect, test } from '@playwright/test';

import { sessionFor, soleAuthorPapers, startPortal, type Portal } from './support/portal';
import { acknowledgementIds, inParallel, postSignForm } from './support/sign-over-http';

// Two `next start` processes of one build on one database, sharing AUTH_SECRET, SIGNING_KEY and
// NEXT_SERVER_ACTIONS_ENCRYPTION_KEY (README, "More than one portal process"), as behind a load
// balancer.

let portal: Portal;

test.beforeAll(async () => {
  portal = await startPortal({ basePort: 3730, instances: 2, env: { ACTIONS_PER_MINUTE_PER_SESSION: '100000' } });
});

test.afterAll(async () => {
  await portal?.stop();
});

async function soleAuthorPaper(offset: number) {
  const [paper] = await soleAuthorPapers(portal.sql, 1, offset);
  return paper!;
}

test('50 signings of one paper at once, spread over both instances, make one signature', async () => {
  const { sql, urls } = portal;
  const paper = await soleAuthorPaper(0);
  const token = await sessionFor(sql, paper.email);
  const acknowledged = await acknowledgementIds(sql);
  const answers = await inParallel(Array.from({ length: 50 }, (_, index) => index), 50, (index) =>
    postSignForm(urls[index % 2]!, token, { paperId: paper.id, typedName: paper.name, acknowledged }),
  );
  const outcomes = answers.map((answer) => answer.outcome);
  expect(outcomes.filter((outcome) => outcome === 'signed')).toHaveLength(1);
  expect(outcomes.filter((outcome) => outcome !== 'signed' && outcome !== 'already-signed')).toEqual([]);
  const signatures = await sql`select id from signatures where paper_id = ${paper.id}`;
  expect(signatures).toHaveLength(1);
  expect(await sql`select 1 from audit_events where paper_id = ${paper.id} and action = 'agreement.signed'`).toHaveLength(1);
  expect(await sql`select 1 from email_papers where paper_id = ${paper.id}`).toHaveLength(1);
});

test('a page served by one instance posts its form to the other, and it works', async ({ page }) => {
  const { sql, urls } = portal;
  const paper = await soleAuthorPaper(1);
  const token = await sessionFor(sql, paper.email);
  // One cookie for both: cookies belong to the host, whatever the port.
  await page.context().addCookies([{ name: 'authjs.session-token', value: token, url: urls[0]!, httpOnly: true, sameSite: 'Lax' }]);
  const servedBy: string[] = [];
  // Every POST the page makes goes to the second instance, as a load balancer may send it.
  await page.route(`${urls[0]}/**`, async (route) => {
    const request = route.request();
    if (request.method() !== 'POST') return route.continue();
    const target = request.url().replace(urls[0]!, urls[1]!);
    servedBy.push(target);
    // Behind a load balancer both see the same public Host and Origin; here each has its port.
    const response = await route.fetch({ url: target, headers: { ...request.headers(), origin: urls[1]! } });
    return route.fulfill({ response });
  });
  await page.goto(`${urls[0]}/papers/${paper.id}`);
  for (const checkbox of await page.getByRole('group', { name: 'Confirm each term' }).getByRole('checkbox').all()) await checkbox.check();
  await page.getByLabel('Your full name, as your signature').fill(paper.name);
  await page.getByRole('button', { name: 'Sign agreement' }).click();
  await expect(page.getByRole('heading', { name: 'Thank you: the agreement is signed' })).toBeVisible({ timeout: 60_000 });
  expect(servedBy.some((url) => url.startsWith(urls[1]!))).toBe(true);
  expect(await sql`select 1 from signatures where paper_id = ${paper.id}`).toHaveLength(1);
});
