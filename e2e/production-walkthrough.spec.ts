// The README's "Run it in production", end to end on a portal set up that way
// (e2e/support/serve-production.ts): the owner role migrated, the portal runs as a login role
// in agreement_portal_app, https, no demo data, no DEMO=1. Every email is read from the mail sink.
import { readFileSync } from 'node:fs';

import postgres from 'postgres';

import { checkAllTerms, expect, mailboxAt, signInThroughEmail, test } from './support/fixtures';
import { runConfig } from './support/run-config';

const { production } = runConfig;
const mail = mailboxAt(production.mailApiUrl);
const editorEmail = 'proceedings.chair@example.edu';
const authorEmail = 'corresponding.author@example.edu';
const VOLUME = 336;
const csv = [
  'volume,paper_key,title,authors,corresponding_author,corresponding_email',
  `${VOLUME},chair26a,"Learning to Sign, Quickly",Ada Lovelace; Alan Turing,Ada Lovelace,${authorEmail}`,
  `${VOLUME},chair26b,A Second Accepted Paper,Grace Hopper,Grace Hopper,grace.hopper@example.edu`,
  '',
].join('\n');

test('a publisher runs the portal for real: first admin, an editor for one volume, its agreement, an import, a signature', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const sql = postgres(production.databaseUrl!, { max: 1, onnotice: () => {} });
  try {
    // The portal's own connections are the restricted login role, never the owner or a superuser.
    const logins = await sql<{ usename: string; super: boolean }[]>`
      select distinct a.usename, r.rolsuper as super from pg_stat_activity a join pg_roles r on r.rolname = a.usename
      where a.datname = current_database() and a.pid <> pg_backend_pid()`;
    expect(logins.length).toBeGreaterThan(0);
    for (const login of logins) {
      expect(login.super).toBe(false);
      expect(login.usename).toMatch(/^portal_app_/);
    }
    // An empty database: no demo data; the first start published the shipped agreement.
    expect(await sql`select 1 from volumes`).toHaveLength(0);
    expect(await sql`select version from agreement_templates`).toEqual([{ version: 1 }]);

    // 1. The first admin (ADMIN_EMAILS) signs in with the emailed link.
    const adminContext = await browser.newContext({ ignoreHTTPSErrors: true });
    const admin = await adminContext.newPage();
    // Served at an https AUTH_URL: browsers are told to keep to https (HSTS).
    const front = await adminContext.request.get(`${production.baseUrl}/sign-in`);
    expect(front.headers()['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    await signInThroughEmail(admin, production.firstAdmin, mail);
    await expect(admin).toHaveURL(/\/editor$/);
    await admin.getByRole('link', { name: 'Admin', exact: true }).click();
    await expect(admin.getByRole('heading', { name: 'Admin', level: 1 })).toBeVisible();

    // 2. Creates volume 336 and makes the proceedings chair its editor.
    await admin.getByText('Create a volume').click();
    await admin.getByLabel('Volume number').fill(String(VOLUME));
    await admin.getByLabel('Short name').fill('ICML 2026');
    await admin.getByRole('button', { name: 'Create volume' }).click();
    await expect(admin.getByRole('status').filter({ hasText: `Volume ${VOLUME} · ICML 2026 created` })).toBeVisible();
    await admin.getByLabel('Editor’s email').fill(editorEmail);
    await admin.getByLabel('Editor’s name (optional)').fill('Proceedings Chair');
    await admin.getByLabel('Volume', { exact: true }).selectOption(String(VOLUME));
    await admin.getByRole('button', { name: 'Add editor' }).click();
    await expect(admin.getByRole('status').filter({ hasText: `${editorEmail} is now an editor of volume ${VOLUME}` })).toBeVisible();

    // 3. Publishes version 2 of the agreement: previewed as authors will see it, with the diff.
    await admin.goto('/admin/agreements');
    const version2 = readFileSync('agreements/pmlr-publication-agreement-v1.md', 'utf8')
      .replace(/^version: 1$/m, 'version: 2')
      .replace('governed by the laws of the Commonwealth of Massachusetts', 'governed by the laws of England and Wales');
    await admin.getByLabel('Agreement file').setInputFiles({ name: 'agreement-v2.md', mimeType: 'text/markdown', buffer: Buffer.from(version2) });
    await admin.getByRole('button', { name: 'Preview' }).click();
    await expect(admin.getByRole('heading', { name: 'Preview: Publication Agreement, version 2' })).toBeVisible();
    await expect(admin.getByRole('article', { name: 'The agreement as authors will see it' })).toContainText('England and Wales');
    await expect(admin.getByRole('complementary', { name: 'CC BY 4.0 in plain words' })).toBeVisible();
    const diff = admin.getByLabel('Changes from version 1');
    await expect(diff.locator('del')).toContainText('Commonwealth of Massachusetts');
    await expect(diff.locator('ins')).toContainText('England and Wales');
    await admin.getByRole('button', { name: 'Publish version 2' }).click();
    await expect(admin.getByRole('status').filter({ hasText: 'Published Publication Agreement, version 2' })).toBeVisible();
    await adminContext.close();

    // 4. The editor signs in, chooses version 2 for the volume and imports its accepted papers.
    const editorContext = await browser.newContext({ ignoreHTTPSErrors: true });
    const editor = await editorContext.newPage();
    await signInThroughEmail(editor, editorEmail, mail);
    await editor.goto(`/editor/volumes/${VOLUME}`);
    await editor.getByLabel('Agreement version').selectOption('2');
    await editor.getByRole('button', { name: 'Change version…' }).click();
    await expect(editor.getByRole('group')).toContainText('0 papers awaiting a signature will be asked to sign version 2 instead of version 1');
    await editor.getByRole('button', { name: 'Use version 2' }).click();
    await expect(editor.getByRole('status').filter({ hasText: `Volume ${VOLUME} now uses Publication Agreement, version 2` })).toBeVisible();
    await editor.goto('/editor/import');
    await editor.getByLabel('File of accepted papers').setInputFiles({ name: 'icml26.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await editor.getByRole('button', { name: 'Preview import' }).click();
    await editor.getByRole('button', { name: 'Confirm import' }).click();
    await expect(editor.getByText('2 new, 0 updated, 0 unchanged')).toBeVisible();
    // The editor of 336 sees no other volume.
    await editor.goto('/editor/volumes/151');
    await expect(editor.getByRole('heading', { name: 'Page not found' })).toBeVisible();

    // 5. The corresponding author signs version 2 and gets the receipt with the sealed PDF.
    const authorContext = await browser.newContext({ ignoreHTTPSErrors: true });
    const author = await authorContext.newPage();
    await signInThroughEmail(author, authorEmail, mail);
    await author.getByRole('link', { name: 'Read and sign: Learning to Sign, Quickly' }).click();
    await expect(author.getByText('Version 2', { exact: true })).toBeVisible();
    await expect(author.getByRole('article')).toContainText('England and Wales');
    await checkAllTerms(author);
    await author.getByLabel('Your full name, as your signature').fill('Ada Lovelace');
    const before = (await mail.messagesTo(authorEmail)).length;
    await author.getByRole('button', { name: 'Sign agreement' }).click();
    await expect(author.getByRole('heading', { name: 'Thank you: the agreement is signed' })).toBeVisible();
    const receipt = await mail.waitForMessage(authorEmail, before);
    expect(receipt.subject).toContain('Learning to Sign, Quickly');
    expect(receipt.text).toContain('Agreement version: 2');
    expect(receipt.attachments.map((attachment) => attachment.contentType)).toEqual(['application/pdf']);
    await authorContext.close();
    await editorContext.close();

    const [signature] = await sql<{ template_version: number; seal: string | null }[]>`
      select s.template_version, s.seal from signatures s join papers p on p.id = s.paper_id where p.paper_key = 'chair26a'`;
    expect(signature).toMatchObject({ template_version: 2, seal: expect.any(String) });
    const actions = (await sql<{ action: string }[]>`select action from audit_events order by sequence`).map((row) => row.action);
    expect(actions).toEqual([
      'agreement.published',
      'volume.created',
      'editor.added',
      'agreement.published',
      'volume.agreement_changed',
      'papers.imported',
      'agreement.signed',
    ]);
  } finally {
    await sql.end();
  }
});
