import { parse } from 'csv-parse/sync';

import { request as playwrightRequest } from '@playwright/test';

import { checkAllTerms, expect, reactForm, signInDirectly, test } from './support/fixtures';
import { runConfig } from './support/run-config';

const header = 'volume,paper_key,title,authors,corresponding_author,corresponding_email';

function volumeCsv(volume: number) {
  return [
    header,
    `${volume},alpha${volume},Alpha: Learning Things,Zoë Ångström; Bo Chen,Zoë Ångström,alpha${volume}@example.org`,
    `${volume},beta${volume},"Beta, the Sequel",Cy Dow,Cy Dow,beta${volume}@example.org`,
    `${volume},gamma${volume},=Gamma Formula Title,Di Eve,Di Eve,gamma${volume}@example.org`,
    `${volume},delta${volume},Delta Methods,Ed Fox; 王小明,王小明,delta${volume}@example.org`,
    '',
  ].join('\n');
}

test('an admin imports a new volume; its editor tracks who signed, inspects the evidence and exports the status', async ({
  browser,
  page,
  sql,
}) => {
  const volume = 777;
  // Only an admin may create a volume, here by importing its papers.
  await signInDirectly(page, sql, 'admin@example.org');

  // Import in the browser: preview, then confirm.
  await page.goto('/editor/import');
  await page.getByLabel('File of accepted papers').setInputFiles({
    name: 'volume-777.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(volumeCsv(volume)),
  });
  await page.getByRole('button', { name: 'Preview import' }).click();
  await expect(page.getByText('4 new', { exact: true })).toBeVisible();
  await expect(page.getByText('0 errors', { exact: true })).toBeVisible();
  // The preview says, before anything is written, that the file creates a volume.
  await expect(page.getByRole('note')).toContainText('This file creates a new volume, volume 777');
  await expect(page.getByText('creating 1 new volume (777), in one step.')).toBeVisible();
  const beforeConfirm = await sql`
    select 1 from papers p join volumes v on v.id = p.volume_id where v.number = ${volume}`;
  expect(beforeConfirm).toHaveLength(0);
  await page.getByRole('button', { name: 'Confirm import' }).click();
  await expect(page.getByRole('heading', { name: 'Imported volume-777.csv' })).toBeVisible();
  await expect(page.getByText('4 new, 0 updated, 0 unchanged, 1 new volume.')).toBeVisible();

  // The volume gets its editor (the admin page does this in the production walk-through).
  await sql`insert into volume_editors (volume_id, user_id)
            select v.id, u.id from volumes v, users u where v.number = ${volume} and u.email = 'editor@example.org'`;
  await page.context().clearCookies();
  await signInDirectly(page, sql, 'editor@example.org');

  // The corresponding author of "Beta" signs, in a browser of their own.
  const authorContext = await browser.newContext();
  const authorPage = await authorContext.newPage();
  await signInDirectly(authorPage, sql, `beta${volume}@example.org`);
  await authorPage.goto('/papers');
  await authorPage.getByRole('link', { name: /Read and sign: Beta, the Sequel/ }).click();
  await expect(authorPage.getByRole('heading', { level: 1, name: 'Beta, the Sequel' })).toBeVisible();
  await checkAllTerms(authorPage);
  await authorPage.getByLabel('Your full name, as your signature').fill('Cy Dow');
  await authorPage.getByRole('button', { name: 'Sign agreement' }).click();
  await expect(authorPage.getByRole('heading', { name: 'Thank you: the agreement is signed' })).toBeVisible();
  await authorContext.close();

  // Overview, then the volume filtered to "awaiting".
  await page.goto('/editor');
  const row = page.getByRole('row', { name: /777 · PMLR volume 777/ });
  await expect(row).toContainText('4');
  await expect(row.getByRole('progressbar')).toHaveAttribute('aria-label', 'PMLR volume 777: 1 of 4 signed');
  await row.getByRole('link').click();
  await page.getByLabel('Status').selectOption('awaiting');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/status=awaiting/);
  await expect(page.getByRole('status')).toHaveText('3 papers match this view');
  const bodyRows = page.getByRole('table').getByRole('row').filter({ hasNot: page.getByRole('columnheader') });
  await expect(bodyRows).toHaveCount(3);
  await expect(page.getByRole('table')).not.toContainText('Beta, the Sequel');

  // The link reproduces the view; search narrows it.
  await page.goto(`/editor/volumes/${volume}?status=awaiting&q=%C3%A5ngstr%C3%B6m`);
  await expect(page.getByRole('status')).toHaveText('1 paper matches this view');
  await page.goto(`/editor/volumes/${volume}?q=nothing-like-this`);
  await expect(page.getByText('No papers match this view.')).toBeVisible();

  // Evidence of the signed paper.
  await page.goto(`/editor/volumes/${volume}?status=signed`);
  await page.getByRole('link', { name: 'Beta, the Sequel' }).click();
  const [signature] = await sql<{ id: string; text_sha256: string; ip_address: string }[]>`
    select s.id, s.text_sha256, s.ip_address from signatures s join papers p on p.id = s.paper_id
    where p.paper_key = ${`beta${volume}`}`;
  const record = page.getByRole('article', { name: `Signature ${signature!.id}` });
  await expect(record).toContainText(signature!.text_sha256);
  await expect(record).toContainText('Cy Dow');
  await expect(record).toContainText('email-magic-link');
  await expect(record).toContainText(signature!.ip_address);
  await expect(page.getByRole('list', { name: 'Audit events, oldest first' })).toContainText('agreement.signed');
  const textResponse = await page.request.get(
    (await record.getByRole('link', { name: 'The exact text signed (plain text)' }).getAttribute('href'))!,
  );
  expect(await textResponse.text()).toContain('Beta, the Sequel');

  // Export: the file's rows match the database.
  await page.goto(`/editor/volumes/${volume}`);
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export CSV' }).click();
  const download = await downloadPromise;
  const file = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of file) chunks.push(chunk as Buffer);
  const content = Buffer.concat(chunks).toString('utf8');
  expect(content.charCodeAt(0)).toBe(0xfeff);
  const exported = parse(content, { bom: true, columns: true }) as Record<string, string>[];
  const expected = await sql<{ paper_key: string; title: string; corresponding_author_name: string; corresponding_author_email: string; signed_at: Date | null; text_sha256: string | null }[]>`
    select p.paper_key, p.title, p.corresponding_author_name, p.corresponding_author_email, s.signed_at, s.text_sha256
    from papers p join volumes v on v.id = p.volume_id left join signatures s on s.paper_id = p.id
    where v.number = ${volume} order by p.paper_key`;
  expect(exported.map((record) => record.paper_key)).toEqual(expected.map((record) => record.paper_key));
  for (const [index, record] of exported.entries()) {
    const truth = expected[index]!;
    expect(record.title).toBe(truth.title.startsWith('=') ? `'${truth.title}` : truth.title);
    expect(record.corresponding_author).toBe(truth.corresponding_author_name);
    expect(record.corresponding_email).toBe(truth.corresponding_author_email);
    expect(record.status).toBe(truth.signed_at ? 'signed' : 'awaiting');
    expect(record.signed_at_utc).toBe(truth.signed_at ? truth.signed_at.toISOString() : '');
    expect(record.text_sha256).toBe(truth.text_sha256 ?? '');
  }
  expect(exported.find((record) => record.paper_key === `delta${volume}`)?.corresponding_author).toBe('王小明');
});

test('an upload with one bad line shows that line’s error and imports nothing', async ({ page, sql }) => {
  await signInDirectly(page, sql, 'editor@example.org');
  await page.goto('/editor/import');
  const csv = volumeCsv(778).replace('Cy Dow,Cy Dow,beta778@example.org', 'Cy Dow,Cy Dow,not-an-email');
  await page.getByLabel('File of accepted papers').setInputFiles({
    name: 'bad.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  await page.getByRole('button', { name: 'Preview import' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The file has 1 problem' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Errors by line' })).toHaveText(
    'Line 3: corresponding_email "not-an-email" is not a valid email address',
  );
  await expect(page.getByRole('button', { name: 'Confirm import' })).toHaveCount(0);
  const volumes = await sql`select 1 from volumes where number = 778`;
  expect(volumes).toHaveLength(0);
});

test('a file over 5 MB is refused with a message before it is sent', async ({ page, sql }) => {
  await signInDirectly(page, sql, 'editor@example.org');
  await page.goto('/editor/import');
  await page.getByLabel('File of accepted papers').setInputFiles({
    name: 'huge.csv',
    mimeType: 'text/csv',
    buffer: Buffer.alloc(5 * 1024 * 1024 + 10, 'a'),
  });
  await expect(page.getByRole('alert').filter({ hasText: 'larger than 5 MB' })).toBeVisible();
});

test.describe('only editors reach the editor area', () => {
  const pages = ['/editor', '/editor/volumes/151', '/editor/import'];

  test('signed-out visitors are sent to sign in, and downloads answer 401', async ({ page, sql }) => {
    const [paper] = await sql<{ id: string }[]>`select id from papers limit 1`;
    for (const path of [...pages, `/editor/papers/${paper!.id}`]) {
      await page.goto(path);
      await expect(page, path).toHaveURL(/\/sign-in\?callbackUrl=/);
    }
    const downloads = ['/editor/volumes/151/export.csv', `/editor/papers/${paper!.id}/agreement.txt`];
    for (const path of downloads) {
      // Without a session cookie the proxy sends the visitor to sign in…
      const response = await page.request.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBe(307);
      expect(response.headers()['location'], path).toContain(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
    }
    // …and with a cookie that is no session (expired, forged), the route itself answers 401.
    const stale = await playwrightRequest.newContext({
      baseURL: runConfig.baseUrl,
      extraHTTPHeaders: { cookie: 'authjs.session-token=expired-or-forged' },
      maxRedirects: 0,
    });
    for (const path of downloads) {
      const response = await stale.get(path);
      expect(response.status(), path).toBe(401);
      expect(await response.text(), path).toBe('Please sign in.');
    }
    await stale.dispose();
  });

  test('authors get 404 from every editor page and download', async ({ page, sql }) => {
    const [paper] = await sql<{ id: string }[]>`select id from papers limit 1`;
    await signInDirectly(page, sql, 'a.silva@example.org');
    for (const path of [...pages, `/editor/papers/${paper!.id}`]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
    }
    for (const path of ['/editor/volumes/151/export.csv', `/editor/papers/${paper!.id}/agreement.txt`]) {
      const response = await page.request.get(path);
      expect(response.status(), path).toBe(404);
      expect(await response.text()).not.toContain('paper_key');
    }
  });

  test('an author replaying the import actions is refused and nothing is staged or imported', async ({
    browser,
    page,
    sql,
  }) => {
    // The editor previews a file, then tries to confirm; we capture both action ids and
    // stop the confirmation before it reaches the server.
    // An admin, since the file creates a volume.
    await signInDirectly(page, sql, 'admin@example.org');
    await page.goto('/editor/import');
    const actionIds: string[] = [];
    await page.route('**/editor/import', async (route) => {
      const id = route.request().headers()['next-action'];
      if (route.request().method() === 'POST' && id) {
        actionIds.push(id);
        if (actionIds.length === 2) return route.abort();
      }
      return route.continue();
    });
    await page.getByLabel('File of accepted papers').setInputFiles({
      name: 'v779.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(volumeCsv(779)),
    });
    await page.getByRole('button', { name: 'Preview import' }).click();
    await page.getByRole('button', { name: 'Confirm import' }).click();
    await expect.poll(() => actionIds.length).toBe(2);
    const [previewActionId, confirmActionId] = actionIds as [string, string];
    const [staged] = await sql<{ id: string }[]>`select id from paper_imports where filename = 'v779.csv'`;
    expect(staged).toBeTruthy();

    // The author sends the same actions with their own session. React encodes an action's
    // arguments as form fields (reactForm).
    const authorContext = await browser.newContext();
    const authorPage = await authorContext.newPage();
    await signInDirectly(authorPage, sql, 'a.silva@example.org');
    const callAction = (actionId: string, fields: Record<string, string | Blob>) =>
      authorPage.request.post('/editor/import', {
        headers: { 'next-action': actionId, accept: 'text/x-component' },
        multipart: reactForm(fields, [{ step: 'upload' }, '$K1']),
      });
    const preview = await callAction(previewActionId, {
      file: new File([volumeCsv(780)], 'author.csv', { type: 'text/csv' }),
    });
    expect(await preview.text()).toContain('This was not found, or you do not have access to it.');
    const confirm = await callAction(confirmActionId, { importId: staged!.id });
    expect(await confirm.text()).toContain('This was not found, or you do not have access to it.');
    await authorContext.close();

    expect(await sql`select 1 from paper_imports where filename = 'author.csv'`).toHaveLength(0);
    expect(await sql`select 1 from paper_imports i join paper_import_applications a on a.import_id = i.id where i.filename = 'v779.csv'`).toHaveLength(0);
    expect(await sql`select 1 from volumes where number in (779, 780)`).toHaveLength(0);
  });
});
