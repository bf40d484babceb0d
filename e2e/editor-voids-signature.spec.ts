import { checkAllTerms, expect, followSignInLink, mailbox, reactForm, signInDirectly, signInLinkFrom, test } from './support/fixtures';

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
    multipart: reactForm({
      paperId: paper!.id,
      signatureId: first!.id,
      reason: 'I would like to take my signature back, please.',
    }),
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

test('voiding needs a sign-in from the last 30 minutes: the editor signs in again and comes back to void', async ({
  browser,
  page,
  sql,
}) => {
  const authorEmail = 'e.clerico@example.net';
  const [paper] = await sql<{ id: string; volume_id: number }[]>`
    select id, volume_id from papers where corresponding_author_email = ${authorEmail}`;
  const authorContext = await browser.newContext();
  const author = await authorContext.newPage();
  await signInDirectly(author, sql, authorEmail);
  await author.goto(`/papers/${paper!.id}`);
  await checkAllTerms(author);
  await author.getByLabel('Your full name, as your signature').fill('Eugenio Clerico');
  await author.getByRole('button', { name: 'Sign agreement' }).click();
  await expect(author.getByRole('heading', { name: 'Thank you: the agreement is signed' })).toBeVisible();
  await authorContext.close();
  const [signature] = await sql<{ id: string }[]>`select id from signatures where paper_id = ${paper!.id}`;

  // An editor of this volume alone, who signed in 31 minutes ago.
  const editorEmail = `reauth-editor-${Date.now()}@example.org`;
  await signInDirectly(page, sql, editorEmail);
  await sql`insert into volume_editors (volume_id, user_id) select ${paper!.volume_id}, id from users where email = ${editorEmail}`;
  const token = (await page.context().cookies()).find((cookie) => cookie.name === 'authjs.session-token')!.value;
  await sql`update sessions set created_at = now() - interval '31 minutes' where session_token = ${token}`;

  await page.goto(`/editor/papers/${paper!.id}`);
  await page.getByText('Void this signature…').click();
  await page.getByLabel('Reason').fill('The author asked to sign again with a corrected name.');
  await page.getByRole('button', { name: 'Void signature' }).click();
  await expect(page.getByText('this needs a sign-in from the last 30 minutes')).toBeVisible();
  expect(await sql`select 1 from signature_voids where signature_id = ${signature!.id}`).toHaveLength(0);

  // Sign in again: the address is filled in, and the emailed link brings the editor back here.
  const before = (await mailbox.messagesTo(editorEmail)).length;
  await page.getByRole('link', { name: 'Sign in again' }).click();
  await expect(page.getByRole('heading', { name: 'Confirm it’s you' })).toBeVisible();
  await expect(page.getByLabel('Email address')).toHaveValue(editorEmail);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  await followSignInLink(page, signInLinkFrom(await mailbox.waitForMessage(editorEmail, before)));
  await expect(page).toHaveURL(new RegExp(`/editor/papers/${paper!.id}$`));

  await page.getByText('Void this signature…').click();
  await page.getByLabel('Reason').fill('The author asked to sign again with a corrected name.');
  await page.getByRole('button', { name: 'Void signature' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The signature is void' })).toBeVisible();
  expect(await sql`select 1 from signature_voids where signature_id = ${signature!.id}`).toHaveLength(1);
});

test('an editor’s session ends 12 hours after signing in; an author’s does not', async ({ browser, page, sql }) => {
  const editorEmail = `old-session-editor-${Date.now()}@example.org`;
  await signInDirectly(page, sql, editorEmail);
  await sql`insert into volume_editors (volume_id, user_id) select id, (select id from users where email = ${editorEmail}) from volumes where number = 151`;
  const editorToken = (await page.context().cookies()).find((cookie) => cookie.name === 'authjs.session-token')!.value;
  await sql`update sessions set created_at = now() - interval '13 hours' where session_token = ${editorToken}`;
  await page.goto('/editor');
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Feditor/);
  expect(await sql`select 1 from sessions where session_token = ${editorToken}`).toHaveLength(0);

  const authorContext = await browser.newContext();
  const author = await authorContext.newPage();
  await signInDirectly(author, sql, 'm.agrawal@example.org');
  const authorToken = (await authorContext.cookies()).find((cookie) => cookie.name === 'authjs.session-token')!.value;
  await sql`update sessions set created_at = now() - interval '3 days' where session_token = ${authorToken}`;
  await author.goto('/papers');
  await expect(author.getByRole('heading', { name: 'My papers' })).toBeVisible();
  await authorContext.close();
});
