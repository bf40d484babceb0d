import { checkAllTerms, expect, signInDirectly, test } from './support/fixtures';

test('an editor voids a signature with a reason; the record stays and the author signs again', async ({
  browser,
  page,
  sql,
}) => {
  const email = 'g.balazs@example.net';
  const [paper] = await sql<{ id: string; title: string }[]>`
    select id, title from papers where corresponding_author_email = ${email}`;

  const authorContext = await browser.newContext();
  const author = await authorContext.newPage();
  await signInDirectly(author, sql, email);
  await author.goto(`/papers/${paper!.id}`);
  await checkAllTerms(author);
  await author.getByLabel('Your full name, as your signature').fill('Gabor Balazs');
  await author.getByRole('button', { name: 'Sign agreement' }).click();
  await expect(author.getByRole('heading', { name: 'Thank you: the agreement is signed' })).toBeVisible();
  const [first] = await sql<{ id: string }[]>`select id from signatures where paper_id = ${paper!.id}`;

  await signInDirectly(page, sql, 'editor@example.org');
  await page.goto(`/editor/papers/${paper!.id}`);
  let voidActionId: string | undefined;
  page.on('request', (request) => {
    voidActionId ??= request.method() === 'POST' ? request.headers()['next-action'] : undefined;
  });
  await page.getByText('Void this signature…').click();
  await page.getByLabel('Reason').fill('short');
  await page.getByRole('button', { name: 'Void signature' }).click();
  await expect(page.getByText('Say why, in at least 10 characters')).toBeVisible();

  // The same action, called by the author with a good reason, is refused and voids nothing.
  expect(voidActionId).toBeTruthy();
  const replay = await author.request.post(`/editor/papers/${paper!.id}`, {
    headers: { 'next-action': voidActionId!, accept: 'text/x-component' },
    multipart: {
      '0': JSON.stringify([null, '$K1']),
      '1_paperId': paper!.id,
      '1_signatureId': first!.id,
      '1_reason': 'I would like to take my signature back, please.',
    },
  });
  expect(await replay.text()).toContain('This was not found, or you do not have access to it.');
  expect(await sql`select 1 from signature_voids where signature_id = ${first!.id}`).toHaveLength(0);
  await page.getByLabel('Reason').fill('The author typed the name without accents; re-signing at their request.');
  await page.getByRole('button', { name: 'Void signature' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The signature is void' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('article', { name: `Signature ${first!.id}` })).toContainText('Voided on');
  await expect(page.getByRole('list', { name: 'Audit events, oldest first' })).toContainText('signature.voided');

  await author.goto(`/papers/${paper!.id}`);
  await checkAllTerms(author);
  await author.getByLabel('Your full name, as your signature').fill('Gábor Balázs');
  await author.getByRole('button', { name: 'Sign agreement' }).click();
  await expect(author.getByRole('heading', { name: 'Thank you: the agreement is signed' })).toBeVisible();
  await authorContext.close();

  const rows = await sql<{ id: string; typed_name: string; replaces_void_id: string | null }[]>`
    select id, typed_name, replaces_void_id from signatures where paper_id = ${paper!.id} order by signed_at`;
  expect(rows.map((row) => row.typed_name)).toEqual(['Gabor Balazs', 'Gábor Balázs']);
  expect(rows[1]!.replaces_void_id).not.toBeNull();
});
