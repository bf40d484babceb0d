import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { DATASETS_TRACK, MAIN_TRACK, cmtWorkbook } from '../tests/fixtures/cmt-export';

import { checkAllTerms, expect, signInDirectly, test } from './support/fixtures';

// A volume's chair goes from CMT's "Export to Excel" to the permissions folder PMLR asks for,
// editing no file by hand: import the tracks, the authors sign, the volume's BibTeX gives the
// PMLR keys, and the folder downloads with each sealed PDF named {key}Permission.pdf.

test('from CMT’s export to PMLR’s permissions folder, in the browser', async ({ browser, page, sql }) => {
  test.setTimeout(120_000);
  const volumeNumber = 5000 + Math.floor(Math.random() * 900);
  await sql`insert into volumes (number, name, agreement_version)
            values (${volumeNumber}, ${`CMT ${volumeNumber}`}, (select max(version) from agreement_templates))`;
  const run = Date.now().toString(36);
  const editorEmail = `cmt-chair-${run}@example.org`;
  await signInDirectly(page, sql, editorEmail);
  await sql`insert into volume_editors (volume_id, user_id)
            select v.id, u.id from volumes v, users u where v.number = ${volumeNumber} and u.email = ${editorEmail}`;
  // Addresses of this run only, so the test stands alone.
  const tracks = {
    'Main Track': MAIN_TRACK.map((row) => ({ ...row, email: row.email.replace('@', `+${run}@`) })),
    'Datasets and Benchmarks': DATASETS_TRACK.map((row) => ({ ...row, email: row.email.replace('@', `+${run}@`) })),
  };

  // 1. CMT's workbook: the editor picks the tracks and the volume, previews, confirms.
  await page.goto('/editor/import');
  await page.getByLabel('File of accepted papers').setInputFiles({
    name: 'cmt-export.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: Buffer.from(await cmtWorkbook(tracks)),
  });
  await page.getByRole('button', { name: 'Preview import' }).click();
  await expect(page.getByText('cmt-export.xlsx: Choose the sheets (tracks) to import')).toBeVisible();
  await expect(page.getByLabel('Main Track: 2 papers')).toBeChecked();
  await page.getByLabel('Volume number').fill(String(volumeNumber));
  await page.getByRole('button', { name: 'Preview these papers' }).click();
  await expect(page.getByText('3 new', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Confirm import' }).click();
  await expect(page.getByRole('heading', { name: 'Imported cmt-export.xlsx' })).toBeVisible();

  // 2. Every corresponding author signs.
  const [volume] = await sql<{ id: number }[]>`select id from volumes where number = ${volumeNumber}`;
  const imported = await sql<{ id: string; email: string; key: string }[]>`
    select id, corresponding_author_email as email, paper_key as key from papers where volume_id = ${volume!.id} order by paper_key`;
  expect(imported.map((paper) => paper.key)).toEqual(['cmt101', 'cmt102', 'cmt205']);
  for (const paper of imported) {
    const context = await browser.newContext();
    const author = await context.newPage();
    await signInDirectly(author, sql, paper.email);
    await author.goto(`/papers/${paper.id}`);
    await checkAllTerms(author);
    await author.getByLabel('Your full name, as your signature').fill('Signed Through CMT');
    await author.getByRole('button', { name: 'Sign agreement' }).click();
    await expect(author.getByRole('heading', { name: 'Thank you: the agreement is signed' })).toBeVisible();
    await context.close();
  }

  // 3. The volume's BibTeX gives the PMLR keys.
  const bibtex = String.raw`
@InProceedings{muller22a, title = {{\"U}ber-Parametrised Networks {G}eneralise}, author = {M{\"u}ller, J{\"u}rgen and Ng, Zo{\"e}}}
@InProceedings{kierkegaard22a, title = {Bandits with {K}napsacks, Revisited}, author = {Kierkegaard, S{\o}ren}}
@InProceedings{dubois22a, title = {A Benchmark of Benchmarks}, author = {Dubois, Chlo{\'e}}}
`;
  await page.goto(`/editor/volumes/${volumeNumber}/keys`);
  await page.getByLabel('The volume’s BibTeX file (.bib)').setInputFiles({ name: `v${volumeNumber}.bib`, mimeType: 'text/x-bibtex', buffer: Buffer.from(bibtex) });
  await page.getByRole('button', { name: 'Preview keys' }).click();
  await expect(page.getByRole('heading', { name: `v${volumeNumber}.bib: 3 matches, 0 ambiguous, 0 unmatched` })).toBeVisible();
  await page.getByRole('button', { name: 'Give the papers their PMLR keys' }).click();
  await expect(page.getByRole('status').filter({ hasText: '3 papers have' })).toBeVisible();

  // 4. The permissions folder, complete, with PMLR's names and the sealed PDFs byte for byte.
  await page.goto(`/editor/volumes/${volumeNumber}`);
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download permissions folder' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`v${volumeNumber}permissions.zip`);
  const work = mkdtempSync(path.join(tmpdir(), 'permissions-e2e-'));
  try {
    const file = path.join(work, download.suggestedFilename());
    await download.saveAs(file);
    expect(execFileSync('unzip', ['-t', file], { encoding: 'utf8' })).toContain('No errors detected');
    const names = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(names).toEqual(
      ['dubois22a', 'kierkegaard22a', 'muller22a'].map((key) => `v${volumeNumber}permissions/${key}Permission.pdf`).concat(`v${volumeNumber}permissions/MANIFEST.csv`).sort(),
    );
    const recorded = await sql<{ key: string; pdf_sha256: string }[]>`
      select p.paper_key as key, s.pdf_sha256 from papers p join signatures s on s.paper_id = p.id where p.volume_id = ${volume!.id}`;
    for (const row of recorded) {
      const pdf = execFileSync('unzip', ['-p', file, `v${volumeNumber}permissions/${row.key}Permission.pdf`]);
      expect(createHash('sha256').update(pdf).digest('hex')).toBe(row.pdf_sha256);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const [event] = await sql<{ details: { filename: string } }[]>`
    select details from audit_events where action = 'permissions.downloaded' and volume_id = ${volume!.id}`;
  expect(event!.details.filename).toBe(`v${volumeNumber}permissions.zip`);
});
