import { checkAllTerms, expect, mailbox, signInDirectly, test } from './support/fixtures';

type Sql = Parameters<typeof signInDirectly>[1];

async function paperFor(sql: Sql, email: string) {
  const [paper] = await sql<{ id: string; title: string }[]>`
    select id, title from papers where corresponding_author_email = ${email}`;
  return paper!;
}

async function signaturesFor(sql: Sql, paperId: string) {
  return sql<
    {
      typed_name: string;
      name_on_record: string;
      text_sha256: string;
      template_version: number;
      ip_address: string | null;
      user_agent: string | null;
      session_id_hash: string | null;
      agreed_clause_ids: string[];
    }[]
  >`select * from signatures where paper_id = ${paperId}`;
}

test('an author reads the agreement, signs it, sees the confirmation and gets a receipt', async ({ page, sql }) => {
  const email = 's.gales@example.com';
  const paper = await paperFor(sql, email);
  await signInDirectly(page, sql, email);

  await page.goto('/papers');
  const item = page.getByRole('listitem').filter({ hasText: paper.title });
  await expect(item.getByText('Awaiting signature')).toBeVisible();
  await item.getByRole('link', { name: /Read and sign/ }).click();

  await expect(page.getByRole('heading', { level: 1, name: paper.title })).toBeVisible();
  await expect(page.getByText('Spencer B. Gales, ')).toBeVisible();
  const agreement = page.getByRole('article');
  await expect(agreement).toContainText('Creative Commons Attribution 4.0 International License');
  await expect(agreement).toContainText('6.3. The article does not libel anyone');
  await expect(agreement).toContainText('(AISTATS 2022)');
  const summary = page.getByRole('complementary', { name: 'CC BY 4.0 in plain words' });
  await expect(summary).toContainText('You keep your copyright');
  await expect(summary.getByRole('link', { name: /legal code/ })).toHaveAttribute(
    'href',
    'https://creativecommons.org/licenses/by/4.0/legalcode.en',
  );

  await expect(page.getByLabel(/signing on behalf of all authors/)).toBeVisible();
  await checkAllTerms(page);
  await page.getByLabel('Your full name, as your signature').fill('Spencer B. Gales');
  await page.getByRole('button', { name: 'Sign agreement' }).click();

  await expect(page.getByRole('heading', { name: 'Thank you: the agreement is signed' })).toBeVisible();
  const [signature] = await signaturesFor(sql, paper.id);
  expect(signature).toMatchObject({ typed_name: 'Spencer B. Gales', template_version: 1 });
  expect(signature!.ip_address).toBeTruthy();
  expect(signature!.user_agent).toContain('Chrome');
  expect(signature!.session_id_hash).toMatch(/^[0-9a-f]{64}$/);
  expect(signature!.agreed_clause_ids).toHaveLength(7);
  const facts = page.getByRole('region', { name: /Thank you/ });
  await expect(facts).toContainText(signature!.text_sha256);
  await expect(facts).toContainText('version 1');
  await expect(facts).toContainText(/Terminates if unpublished by/);
  // After signing the form is gone and the page shows the text as signed.
  await expect(page.getByRole('button', { name: 'Sign agreement' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'The agreement as you signed it' })).toBeVisible();

  const receipt = await mailbox.waitForMessage(email);
  expect(receipt.subject).toContain('Signed: publication agreement');
  expect(receipt.text).toContain(signature!.text_sha256);
  expect(receipt.text).toContain('Agreement version: 1');
  expect(receipt.html).toContain('You signed the publication agreement');
  expect(receipt.text).toContain(`/papers/${paper.id}`);

  await page.goto('/papers');
  await expect(page.getByRole('listitem').filter({ hasText: paper.title }).getByText(/Signed on/)).toBeVisible();
});

test('a name that differs from the record is accepted and the confirmation says so', async ({ page, sql }) => {
  const email = 't.baharav@example.org';
  const paper = await paperFor(sql, email);
  await signInDirectly(page, sql, email);
  await page.goto(`/papers/${paper.id}`);
  await checkAllTerms(page);
  await page.getByLabel('Your full name, as your signature').fill('T. Z. Baharav');
  await page.getByRole('button', { name: 'Sign agreement' }).click();
  await expect(page.getByText('differs from the name on record')).toBeVisible();
  const [signature] = await signaturesFor(sql, paper.id);
  expect(signature).toMatchObject({ typed_name: 'T. Z. Baharav', name_on_record: 'Tavor Z. Baharav' });
});

test('an incomplete form shows each missing item and writes nothing', async ({ page, sql }) => {
  const email = 'y.xing@example.com';
  const paper = await paperFor(sql, email);
  await signInDirectly(page, sql, email);
  await page.goto(`/papers/${paper.id}`);

  await page.getByRole('checkbox').first().check();
  await page.getByLabel('Your full name, as your signature').fill('   ');
  await page.getByRole('button', { name: 'Sign agreement' }).click();

  await expect(page.getByRole('alert').filter({ hasText: 'Some items need your attention' })).toBeVisible();
  await expect(page.getByText('Please confirm this to sign.')).toHaveCount(6);
  await expect(page.getByText('Type your full name to sign.')).toBeVisible();
  await expect(page.getByLabel('Your full name, as your signature')).toHaveAttribute('aria-invalid', 'true');
  // What the author had ticked is still ticked.
  await expect(page.getByRole('checkbox').first()).toBeChecked();
  expect(await signaturesFor(sql, paper.id)).toHaveLength(0);
});

test('another author replaying the signing request for a paper not theirs is refused', async ({ page, sql }) => {
  const victim = await paperFor(sql, 'o.cobb@example.com');
  const attackerEmail = 'c.tzuwu@example.org';
  const own = await paperFor(sql, attackerEmail);
  await signInDirectly(page, sql, attackerEmail);
  await page.goto(`/papers/${own.id}`);

  // Capture the attacker's own signing request (same Next-Action id, their own session)…
  let captured: { url: string; headers: Record<string, string>; body: Buffer } | undefined;
  await page.route(`**/papers/${own.id}`, async (route) => {
    const request = route.request();
    if (request.method() === 'POST' && request.headers()['next-action']) {
      captured = { url: request.url(), headers: request.headers(), body: request.postDataBuffer()! };
      await route.abort();
    } else {
      await route.continue();
    }
  });
  await checkAllTerms(page);
  await page.getByLabel('Your full name, as your signature').fill('Chieh Tzu Wu');
  await page.getByRole('button', { name: 'Sign agreement' }).click();
  await expect.poll(() => captured).toBeTruthy();
  expect(captured!.body.toString()).toContain(own.id);

  // …and replay it with the victim's paper id.
  const response = await page.request.post(captured!.url.replace(own.id, victim.id), {
    headers: { ...captured!.headers, 'content-length': String(captured!.body.length) },
    data: Buffer.from(captured!.body.toString('latin1').replaceAll(own.id, victim.id), 'latin1'),
  });
  const answer = await response.text();
  expect(answer).toContain('not among the papers you can sign for');
  expect(await signaturesFor(sql, victim.id)).toHaveLength(0);
  expect(await signaturesFor(sql, own.id)).toHaveLength(0);
});

test('submitting twice, or many times at once, leaves one signature and answers "already signed"', async ({
  page,
  sql,
}) => {
  const email = 'j.chen@example.org';
  const paper = await paperFor(sql, email);
  await signInDirectly(page, sql, email);
  await page.goto(`/papers/${paper.id}`);

  let captured: { headers: Record<string, string>; body: Buffer } | undefined;
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.headers()['next-action'] && !captured) {
      captured = { headers: request.headers(), body: request.postDataBuffer()! };
    }
  });
  await checkAllTerms(page);
  await page.getByLabel('Your full name, as your signature').fill('Jiabin Chen');
  await page.getByRole('button', { name: 'Sign agreement' }).click();
  await expect(page.getByRole('heading', { name: 'Thank you: the agreement is signed' })).toBeVisible();

  const replays = await Promise.all(
    Array.from({ length: 5 }, () =>
      page.request.post(`/papers/${paper.id}`, { headers: captured!.headers, data: captured!.body }),
    ),
  );
  for (const replay of replays) {
    expect(replay.status()).toBe(200);
    expect(await replay.text()).toContain('already been signed');
  }
  expect(await signaturesFor(sql, paper.id)).toHaveLength(1);
});
