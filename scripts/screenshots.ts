// Takes screenshots of every page, at laptop and phone widths, for a person to look at.
// Start the e2e server first against PostgreSQL:
//   E2E_RUN_ID=shots DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres ./node_modules/.bin/tsx e2e/support/serve.ts
// then: E2E_RUN_ID=shots DATABASE_URL=… ./node_modules/.bin/tsx scripts/screenshots.ts [out-dir]
// (SHOTS=name,name takes only those.)
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import postgres from 'postgres';

import { signInDirectly } from '../e2e/support/fixtures';
import { DATASETS_TRACK, MAIN_TRACK, cmtWorkbook } from '../tests/fixtures/cmt-export';
import { runConfig } from '../e2e/support/run-config';

const out = process.argv[2] ?? 'screenshots';
mkdirSync(out, { recursive: true });

type Shot = {
  name: string;
  path: string;
  as?: string;
  /** Whose paper {paper} in the path means (default: the signed-in user's). */
  paperOf?: string;
  before?: (page: Page) => Promise<void>;
};

const shots: Shot[] = [
  { name: 'home', path: '/' },
  { name: 'sign-in', path: '/sign-in' },
  {
    name: 'sign-in-invalid',
    path: '/sign-in',
    before: async (page) => {
      await page.getByLabel('Email address').fill('not an email');
      await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
      await page.getByText('Enter a valid email address').waitFor();
    },
  },
  { name: 'check-email', path: '/sign-in/check-email?email=a.mohtashami%40example.com' },
  { name: 'link-expired', path: '/sign-in/error?error=Verification' },
  { name: 'my-papers', path: '/papers', as: 'e.gorbunov@example.org' },
  { name: 'my-papers-empty', path: '/papers', as: 'no.papers@example.org' },
  { name: 'editor', path: '/editor', as: 'editor@example.org' },
  { name: 'paper-unsigned', path: '/papers/{paper}', as: 'b.yalcin@example.com' },
  {
    name: 'paper-incomplete',
    path: '/papers/{paper}',
    as: 'b.yalcin@example.com',
    before: async (page) => {
      await page.getByRole('checkbox').first().check();
      await page.getByRole('button', { name: 'Sign agreement' }).click();
      await page.getByText('Type your full name to sign.').waitFor();
    },
  },
  {
    name: 'paper-signed',
    path: '/papers/{paper}',
    as: 'b.yalcin@example.com',
    before: async (page) => {
      if (await page.getByRole('button', { name: 'Sign agreement' }).count()) {
        for (const checkbox of await page.getByRole('checkbox').all()) await checkbox.check();
        await page.getByLabel('Your full name, as your signature').fill('Baturalp Yalçın');
        await page.getByRole('button', { name: 'Sign agreement' }).click();
      }
      await page.getByText('SHA-256 of the text').waitFor();
    },
  },
  { name: 'my-papers-signed', path: '/papers', as: 'b.yalcin@example.com' },
  { name: 'verify', path: '/verify' },
  { name: 'editor-volume', path: '/editor/volumes/151', as: 'editor@example.org' },
  { name: 'editor-search', path: '/editor/search?q=learning', as: 'editor@example.org' },
  { name: 'editor-search-none', path: '/editor/search?q=no+such+paper', as: 'editor@example.org' },
  { name: 'editor-search-short', path: '/editor/search?q=ml', as: 'editor@example.org' },
  { name: 'editor-volume-filtered', path: '/editor/volumes/151?q=bandit&status=awaiting&sort=title', as: 'editor@example.org' },
  { name: 'editor-volume-empty-search', path: '/editor/volumes/151?q=zzzz', as: 'editor@example.org' },
  { name: 'editor-evidence', path: '/editor/papers/{paper}', as: 'editor@example.org', paperOf: 'b.yalcin@example.com' },
  {
    name: 'editor-import-errors',
    path: '/editor/import',
    as: 'editor@example.org',
    before: async (page) => {
      await page.getByLabel('File of accepted papers').setInputFiles({
        name: 'bad.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          'volume,paper_key,title,authors,corresponding_author,corresponding_email\n' +
            '152,new1,A New Paper,Ann Lee,Ann Lee,ann@example.org\n152,new2,,Bo Chen,Bo Chen,bo@example.org\n' +
            '152,new3,Third,Cy Dow,Cy Dow,not-an-email\n',
        ),
      });
      await page.getByRole('button', { name: 'Preview import' }).click();
      await page.getByText('Errors, by line').waitFor();
    },
  },
  {
    name: 'editor-import-preview',
    path: '/editor/import',
    as: 'editor@example.org',
    before: async (page) => {
      await page.getByLabel('File of accepted papers').setInputFiles({
        name: 'new.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          'volume,paper_key,title,authors,corresponding_author,corresponding_email\n' +
            '151,new1,A New Paper,Ann Lee,Ann Lee,ann@example.org\n151,mohtashami22,Masked Training (Revised Title),Amirkeivan Mohtashami,Amirkeivan Mohtashami,a.mohtashami@example.com\n',
        ),
      });
      await page.getByRole('button', { name: 'Preview import' }).click();
      await page.getByRole('button', { name: 'Confirm import' }).waitFor();
    },
  },
  { name: 'editor-invite', path: '/editor/volumes/151/invite', as: 'editor@example.org' },
  {
    name: 'editor-emails',
    path: '/editor/volumes/151/invite',
    as: 'editor@example.org',
    before: async (page) => {
      const send = page.getByRole('button', { name: /^Send \d+ invitations?$/ });
      // The phone shot comes second: the volume is invited by then, so it shows the log as is.
      if (await send.count()) await send.click();
      else await page.goto('/editor/volumes/151/emails');
      await page.getByRole('heading', { name: /^Emails of/ }).waitFor();
    },
  },
  { name: 'editor-volume-invited', path: '/editor/volumes/151?sort=status', as: 'editor@example.org' },
  { name: 'sign-in-continue', path: `/sign-in/continue?email=a.mohtashami%40example.com&token=${'x'.repeat(43)}&callbackUrl=%2F` },
  { name: 'not-found', path: '/editor', as: 'a.mohtashami@example.com' },
  { name: 'paper-not-open', path: '/papers/{paper}', as: 'not.open@example.org' },
  { name: 'admin', path: '/admin', as: 'admin@example.org' },
  { name: 'admin-agreements', path: '/admin/agreements', as: 'admin@example.org' },
  {
    name: 'admin-checkpoints',
    path: '/admin/checkpoints',
    as: 'admin@example.org',
    before: async (page) => {
      await page.getByRole('button', { name: 'Take a checkpoint now' }).click();
      await page.getByRole('status').filter({ hasText: /Checkpoint \d+ taken|Nothing has changed/ }).waitFor();
    },
  },
  {
    name: 'verify-result',
    path: '/verify',
    before: async (page) => {
      const sql = postgres(runConfig.databaseUrl!, { max: 1, onnotice: () => {} });
      const [document] = await sql<{ pdf: Buffer }[]>`
        select d.pdf from signature_documents d join signatures s on s.id = d.signature_id
        where s.signer_email = 'b.yalcin@example.com' limit 1`;
      await sql.end();
      await page.getByLabel('Signed agreement (PDF)').setInputFiles({ name: 'signed.pdf', mimeType: 'application/pdf', buffer: document!.pdf });
      await page.getByRole('button', { name: 'Check PDF' }).click();
      await page.getByRole('status').filter({ hasText: 'Valid: signed by' }).waitFor();
    },
  },
  {
    name: 'editor-import-signed-move',
    path: '/editor/import',
    as: 'editor@example.org',
    before: async (page) => {
      const sql = postgres(runConfig.databaseUrl!, { max: 1, onnotice: () => {} });
      const [paper] = await sql<{ paper_key: string; title: string; author_names: string }[]>`
        select p.paper_key, p.title, p.author_names from papers p join signatures s on s.paper_id = p.id
        where s.signer_email = 'b.yalcin@example.com' limit 1`;
      await sql.end();
      const authors = paper!.author_names.split('; ');
      const last = authors[authors.length - 1]!;
      const quote = (value: string) => `"${value.replaceAll('"', '""')}"`;
      await page.getByLabel('File of accepted papers').setInputFiles({
        name: 'corrected.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          'volume,paper_key,title,authors,corresponding_author,corresponding_email\n' +
            `151,${paper!.paper_key},${quote(paper!.title)},${quote(paper!.author_names)},${quote(last)},second.author@example.org\n`,
        ),
      });
      await page.getByRole('button', { name: 'Preview import' }).click();
      await page.getByRole('button', { name: 'Confirm import' }).waitFor();
    },
  },
  {
    name: 'admin-agreement-errors',
    path: '/admin/agreements',
    as: 'admin@example.org',
    before: async (page) => {
      const broken = agreementV2().replace('    clause: "6.2"', '    clause: "8.2"').replace('title: Publication Agreement', 'title:');
      await page.getByLabel('Agreement file').setInputFiles({ name: 'broken.md', mimeType: 'text/markdown', buffer: Buffer.from(broken) });
      await page.getByRole('button', { name: 'Preview' }).click();
      await page.getByText('The agreement file has problems').waitFor();
    },
  },
  {
    name: 'admin-agreement-preview',
    path: '/admin/agreements',
    as: 'admin@example.org',
    before: async (page) => {
      await page.getByLabel('Agreement file').setInputFiles({ name: 'v2.md', mimeType: 'text/markdown', buffer: Buffer.from(agreementV2()) });
      await page.getByRole('button', { name: 'Preview' }).click();
      await page.getByRole('button', { name: /Publish version/ }).waitFor();
    },
  },
  {
    name: 'admin-agreement-published',
    path: '/admin/agreements',
    as: 'admin@example.org',
    before: async (page) => {
      await page.getByLabel('Agreement file').setInputFiles({ name: 'v2.md', mimeType: 'text/markdown', buffer: Buffer.from(agreementV2()) });
      await page.getByRole('button', { name: 'Preview' }).click();
      const publish = page.getByRole('button', { name: /Publish version/ });
      // The phone shot comes second: version 2 is published by then, so it shows that answer.
      if (await publish.waitFor({ timeout: 5000 }).then(() => true, () => false)) {
        await publish.click();
        await page.getByText('Published Publication Agreement').waitFor();
      }
    },
  },
  {
    name: 'editor-volume-agreement-change',
    path: '/editor/volumes/151',
    as: 'editor@example.org',
    before: async (page) => {
      await page.getByLabel('Agreement version').selectOption({ index: 0 });
      await page.getByRole('button', { name: 'Change version…' }).click();
      await page.getByRole('group').waitFor();
    },
  },
  // The proceedings pipeline and clause 7. Start the server with LAPSE_WARNING_DAYS=365 so that
  // the signatures made above are listed as at risk.
  { name: 'editor-clause7', path: '/editor', as: 'editor@example.org' },
  { name: 'editor-volume-clause7', path: '/editor/volumes/151#clause-7', as: 'editor@example.org' },
  {
    name: 'editor-api-tokens',
    path: '/editor/api-tokens',
    as: 'editor@example.org',
    before: async (page) => {
      await page.getByLabel('Name (what uses it)').fill('proceedings build');
      await page.getByRole('button', { name: 'Create token' }).click();
      await page.getByLabel('Your new token (shown once)').waitFor();
    },
  },
  {
    name: 'editor-publication-preview',
    path: '/editor/publication',
    as: 'editor@example.org',
    before: async (page) => {
      const sql = postgres(runConfig.databaseUrl!, { max: 1, onnotice: () => {} });
      const rows = await sql<{ paper_key: string }[]>`select paper_key from papers order by paper_key limit 3`;
      await sql.end();
      await page.getByLabel('CSV file of published papers').setInputFiles({
        name: 'published.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          'volume,paper_key,published_on,url\n' +
            rows.map((row) => `151,${row.paper_key},2026-11-28,https://proceedings.mlr.press/v151/${row.paper_key}.html`).join('\n'),
        ),
      });
      await page.getByRole('button', { name: 'Preview' }).click();
      await page.getByRole('heading', { name: /to record/ }).waitFor();
    },
  },
  {
    name: 'editor-publication-errors',
    path: '/editor/publication',
    as: 'editor@example.org',
    before: async (page) => {
      await page.getByLabel('CSV file of published papers').setInputFiles({
        name: 'bad.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('volume,paper_key,published_on,url\n151,nosuch,2026-02-30,https://x.example/\n151,other,28/11/2026,not a url\n'),
      });
      await page.getByRole('button', { name: 'Preview' }).click();
      await page.getByText('Nothing was recorded').waitFor();
    },
  },
  {
    name: 'editor-webhook-registered',
    path: '/editor/volumes/151/webhooks',
    as: 'editor@example.org',
    before: async (page) => {
      if (await page.getByText('http://127.0.0.1:9/pmlr-hook').count()) return;
      await page.getByLabel('Endpoint URL').fill('http://127.0.0.1:9/pmlr-hook');
      await page.getByRole('button', { name: 'Register endpoint' }).click();
      await page.getByLabel('Signing secret (shown once)').waitFor();
    },
  },
  {
    name: 'editor-volume-published',
    path: '/editor/volumes/151#clause-7',
    as: 'editor@example.org',
    before: async (page) => {
      await page.getByLabel('Published on').fill('2026-11-28');
      await page.getByLabel('Proceedings URL').fill('https://proceedings.mlr.press/v151/');
      await page.getByRole('button', { name: /Mark the volume published|Update publication/ }).click();
      await page.getByRole('status').filter({ hasText: /Recorded|Nothing changed/ }).waitFor();
    },
  },
  { name: 'paper-published', path: '/papers/{paper}', as: 'b.yalcin@example.com' },
  { name: 'editor-evidence-published', path: '/editor/papers/{paper}', as: 'editor@example.org', paperOf: 'b.yalcin@example.com' },
  {
    name: 'editor-webhook-log',
    path: '/editor/volumes/151/webhooks',
    as: 'editor@example.org',
    before: async (page) => {
      await page.getByText(/Retrying|Failed/).first().waitFor({ timeout: 15_000 });
      await page.reload();
      await page.locator('details').first().locator('summary').click();
    },
  },
  // From CMT or OpenReview to the permissions folder.
  {
    name: 'editor-import-cmt-tracks',
    path: '/editor/import',
    as: 'editor@example.org',
    before: async (page) => {
      await uploadCmtExport(page);
      await page.getByLabel('Volume number').waitFor();
    },
  },
  {
    name: 'editor-import-cmt-preview',
    path: '/editor/import',
    as: 'editor@example.org',
    before: async (page) => {
      await uploadCmtExport(page);
      await page.getByLabel('Volume number').fill('151');
      await page.getByRole('button', { name: 'Preview these papers' }).click();
      await page.getByRole('button', { name: 'Confirm import' }).waitFor();
    },
  },
  {
    name: 'editor-import-openreview',
    path: '/editor/import',
    as: 'editor@example.org',
    before: async (page) => {
      await page.getByLabel('File of accepted papers').setInputFiles({
        name: 'openreview-accepted.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          'number,forum,title,authors,authorids,corresponding_email\n' +
            '17,HkxYzw4Fwr,Learning Without Forgetting Anything,Émilie Durand|Kofi Mensah,~Emilie_Durand1|kofi@example.org,kofi@example.org\n' +
            '42,rJl0r3R9KX,A Theory of Everything Small,Yuki Tanaka,~Yuki_Tanaka2,yuki@example.jp\n',
        ),
      });
      await page.getByRole('button', { name: 'Preview import' }).click();
      await page.getByLabel('Volume number').waitFor();
    },
  },
  {
    name: 'editor-keys-preview',
    path: '/editor/volumes/151/keys',
    as: 'editor@example.org',
    before: async (page) => {
      const sql = postgres(runConfig.databaseUrl!, { max: 1, onnotice: () => {} });
      const rows = await sql<{ paper_key: string; title: string }[]>`
        select p.paper_key, p.title from papers p join volumes v on v.id = p.volume_id where v.number = 151 order by p.paper_key limit 3`;
      await sql.end();
      const bib = rows
        .map((row, index) => `@InProceedings{${row.paper_key}${index === 0 ? '' : 'a'},\n  title = {${row.title}},\n  author = {Someone, A.}\n}`)
        .concat('@InProceedings{ghost22a,\n  title = {A Paper Nobody Submitted},\n  author = {Nobody, Anne}\n}')
        .join('\n');
      await page.getByLabel('The volume’s BibTeX file (.bib)').setInputFiles({ name: 'v151.bib', mimeType: 'text/x-bibtex', buffer: Buffer.from(bib) });
      await page.getByRole('button', { name: 'Preview keys' }).click();
      await page.getByRole('button', { name: 'Give the papers their PMLR keys' }).waitFor();
    },
  },
];

/** CMT's export of two tracks, uploaded on the import page, up to the choice of tracks. */
async function uploadCmtExport(page: Page): Promise<void> {
  await page.getByLabel('File of accepted papers').setInputFiles({
    name: 'cmt-export.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: Buffer.from(await cmtWorkbook({ 'Main Track': MAIN_TRACK, 'Datasets and Benchmarks': DATASETS_TRACK })),
  });
  await page.getByRole('button', { name: 'Preview import' }).click();
}

/** The shipped agreement as the next version, with one clause changed, for the publish screens. */
function agreementV2(): string {
  return readFileSync('agreements/pmlr-publication-agreement-v1.md', 'utf8')
    .replace(/^version: 1$/m, 'version: 2')
    .replace('governed by the laws of the Commonwealth of Massachusetts', 'governed by the laws of England and Wales');
}

async function main() {
  const sql = postgres(runConfig.databaseUrl!, { max: 1, onnotice: () => {} });
  // A volume whose editors have not chosen an agreement yet, and version 2 to choose from.
  const [closed] = await sql<{ id: number }[]>`
    insert into volumes (number, name) values (9152, 'Workshop 2026') on conflict (number) do update set name = excluded.name returning id`;
  await sql`insert into papers (volume_id, paper_key, title, corresponding_author_name, corresponding_author_email)
            values (${closed!.id}, 'open26', 'A Paper in a Volume Not Open Yet', 'Nora Open', 'not.open@example.org')
            on conflict do nothing`;
  // A signing deadline and reminder rule on volume 151, as its editor would set them.
  await sql`update volumes set signing_deadline = current_date + 21, reminder_interval_days = 7,
              reminder_days_before_deadline = 2, reminder_limit = 3 where number = 151`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  // SHOTS=editor-search,editor: only these (a page just changed); all of them by default.
  const only = process.env.SHOTS?.split(',');
  for (const shot of shots.filter((candidate) => !only || only.includes(candidate.name))) {
    for (const viewport of [
      { label: 'laptop', width: 1280, height: 800 },
      { label: 'phone', width: 390, height: 844 },
    ]) {
      const context = await browser.newContext({ baseURL: runConfig.baseUrl, viewport });
      const page = await context.newPage();
      if (shot.as) await signInDirectly(page, sql, shot.as);
      const [paper] = shot.as
        ? await sql<{ id: string }[]>`select id from papers where corresponding_author_email = ${shot.paperOf ?? shot.as} limit 1`
        : [];
      await page.goto(shot.path.replace('{paper}', paper?.id ?? ''));
      await shot.before?.(page);
      const file = path.join(out, `${shot.name}-${viewport.label}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
      await context.close();
    }
  }
  await browser.close();
  await sql.end();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
