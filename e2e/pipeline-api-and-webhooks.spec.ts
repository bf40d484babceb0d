import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { request as playwrightRequest } from '@playwright/test';
import { Webhook } from 'standardwebhooks';

import { checkAllTerms, expect, signInDirectly, test } from './support/fixtures';
import { runConfig } from './support/run-config';

// The proceedings pipeline, end to end: an editor creates an API token and reads the volume with
// it, registers a webhook at a receiver this test runs, an author signs, and the receiver gets a
// correctly signed agreement.signed after answering 500 twice; marking the volume published
// reaches the author's page.

type Hit = { headers: IncomingHttpHeaders; body: string; answered: number };

function startReceiver(statuses: number[]): Promise<{ server: Server; url: string; hits: Hit[] }> {
  const hits: Hit[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const answered = statuses.shift() ?? 200;
      hits.push({ headers: request.headers, body, answered });
      response.statusCode = answered;
      response.end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/pmlr-hook`, hits })),
  );
}

test('an editor feeds the pipeline: API token, webhook with retries, publication on the author’s page', async ({ browser, page, sql }) => {
  test.setTimeout(120_000);
  const run = Date.now().toString(36);
  const volumeNumber = 6000 + Math.floor(Math.random() * 900);
  const [volume] = await sql<{ id: number }[]>`
    insert into volumes (number, name, agreement_version)
    values (${volumeNumber}, ${`Pipeline ${run}`}, (select max(version) from agreement_templates)) returning id`;
  const authorEmail = `pipeline-author-${run}@example.org`;
  const paperIds: string[] = [];
  for (const [key, email] of [
    [`pipea${run}`, authorEmail],
    [`pipeb${run}`, `pipeline-other-${run}@example.org`],
  ] as const) {
    const [row] = await sql<{ id: string }[]>`
      insert into papers (volume_id, paper_key, title, corresponding_author_name, corresponding_author_email, author_names)
      values (${volume!.id}, ${key}, ${`Piped Paper ${key}`}, 'Pia Pipe', ${email}, 'Pia Pipe') returning id`;
    await sql`insert into paper_authors (paper_id, position, name, is_corresponding) values (${row!.id}, 1, 'Pia Pipe', true)`;
    paperIds.push(row!.id);
  }
  const editorEmail = `pipeline-editor-${run}@example.org`;
  await signInDirectly(page, sql, editorEmail);
  await sql`insert into volume_editors (volume_id, user_id) select ${volume!.id}, id from users where email = ${editorEmail}`;

  // 1. An API token, shown once.
  await page.goto('/editor/api-tokens');
  await page.getByLabel('Name (what uses it)').fill('proceedings build');
  await page.getByLabel(`Volume ${volumeNumber} · Pipeline ${run}`).check();
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = await page.getByLabel('Your new token (shown once)').inputValue();
  expect(token).toMatch(/^pmlr_/);

  const api = await playwrightRequest.newContext({ baseURL: runConfig.baseUrl, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  const first = await api.get(`/api/v1/volumes/${volumeNumber}/papers`);
  expect(first.status()).toBe(200);
  const firstBody = (await first.json()) as { papers: { key: string; status: string }[]; nextCursor: string | null };
  expect(firstBody.papers.map((paper) => [paper.key, paper.status])).toEqual([
    [`pipea${run}`, 'awaiting'],
    [`pipeb${run}`, 'awaiting'],
  ]);
  const anonymous = await playwrightRequest.newContext({ baseURL: runConfig.baseUrl });
  expect((await anonymous.get(`/api/v1/volumes/${volumeNumber}/papers`)).status()).toBe(401);
  expect((await api.get(`/api/v1/volumes/151/papers`)).status()).toBe(404);

  // 2. A webhook at our receiver, which fails twice before accepting.
  const receiver = await startReceiver([500, 500]);
  try {
    await page.goto(`/editor/volumes/${volumeNumber}/webhooks`);
    await page.getByLabel('Endpoint URL').fill(receiver.url);
    await page.getByRole('button', { name: 'Register endpoint' }).click();
    const secret = await page.getByLabel('Signing secret (shown once)').inputValue();
    expect(secret).toMatch(/^whsec_/);

    // 3. The author signs.
    const authorContext = await browser.newContext();
    const authorPage = await authorContext.newPage();
    await signInDirectly(authorPage, sql, authorEmail);
    await authorPage.goto(`/papers/${paperIds[0]}`);
    await checkAllTerms(authorPage);
    await authorPage.getByLabel('Your full name, as your signature').fill('Pia Pipe');
    await authorPage.getByRole('button', { name: 'Sign agreement' }).click();
    await expect(authorPage.getByRole('heading', { name: 'Thank you: the agreement is signed' })).toBeVisible();

    // 4. Three attempts of the same message, the third accepted; every one verifies.
    await expect.poll(() => receiver.hits.filter((hit) => hit.answered === 200).length, { timeout: 45_000 }).toBe(1);
    const signedHits = receiver.hits.filter((hit) => JSON.parse(hit.body).type === 'agreement.signed');
    expect(signedHits.map((hit) => hit.answered)).toEqual([500, 500, 200]);
    expect(new Set(signedHits.map((hit) => hit.headers['webhook-id'])).size).toBe(1);
    const event = new Webhook(secret).verify(signedHits[2]!.body, signedHits[2]!.headers as Record<string, string>) as {
      data: { signatureId: string; paperKey: string; pdfSha256: string };
    };
    expect(event.data.paperKey).toBe(`pipea${run}`);
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(signedHits[2]!.body, signedHits[2]!.headers as Record<string, string>)).toThrow();

    await page.reload();
    const row = page.getByRole('row').filter({ hasText: 'agreement.signed' });
    await expect(row.getByText('Delivered')).toBeVisible();
    await expect(row.getByText('3 attempts, last 200')).toBeVisible();

    // 5. The API now shows the signature, and serves its sealed PDF byte for byte.
    const after = (await (await api.get(`/api/v1/volumes/${volumeNumber}/papers?limit=1`)).json()) as {
      papers: { signatureId: string; pdfSha256: string; status: string }[];
      nextCursor: string;
    };
    expect(after.papers[0]).toMatchObject({ status: 'signed', signatureId: event.data.signatureId, pdfSha256: event.data.pdfSha256 });
    expect(after.nextCursor).toBeTruthy();
    const pdf = await api.get(`/api/v1/signatures/${event.data.signatureId}/pdf`);
    expect(pdf.status()).toBe(200);
    expect(createHash('sha256').update(await pdf.body()).digest('hex')).toBe(event.data.pdfSha256);
    const csv = await api.get(`/api/v1/volumes/${volumeNumber}/papers?format=csv`);
    expect((await csv.text()).split('\n')[0]).toBe(
      'key,title,corresponding_author,corresponding_email,status,signature_id,signed_at,agreement_version,text_sha256,pdf_sha256,lapses_at,published_on,publication_url',
    );

    // 6. The volume is published: the author's page says where, and the pipeline hears of it.
    await page.goto(`/editor/volumes/${volumeNumber}`);
    await page.getByLabel('Published on').fill('2026-11-30');
    await page.getByLabel('Proceedings URL').fill(`https://proceedings.example.org/v${volumeNumber}/`);
    await page.getByRole('button', { name: 'Mark the volume published' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Recorded. 2 papers are now published' })).toBeVisible();
    await authorPage.reload();
    await expect(authorPage.getByText(`30 November 2026 at https://proceedings.example.org/v${volumeNumber}/`)).toBeVisible();
    await expect
      .poll(() => receiver.hits.filter((hit) => JSON.parse(hit.body).type === 'paper.published').length, { timeout: 20_000 })
      .toBe(2);
    await authorContext.close();

    // 7. The API is described, and a token past API_RATE_PER_MINUTE (120 a minute) is told to wait.
    const openapi = (await (await anonymous.get('/api/v1/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toEqual(['/volumes/{volume}/papers', '/signatures/{signatureId}/pdf']);
    let limited: Awaited<ReturnType<typeof api.get>> | undefined;
    for (let index = 0; index < 130 && !limited; index += 1) {
      const response = await api.get(`/api/v1/volumes/${volumeNumber}/papers?limit=1`);
      if (response.status() === 429) limited = response;
      else expect(response.status()).toBe(200);
    }
    expect(limited).toBeDefined();
    expect(Number(limited!.headers()['retry-after'])).toBeGreaterThan(0);
    expect(await limited!.json()).toMatchObject({ error: 'rate_limited' });
  } finally {
    await new Promise((resolve) => receiver.server.close(resolve));
    await api.dispose();
    await anonymous.dispose();
  }
});
